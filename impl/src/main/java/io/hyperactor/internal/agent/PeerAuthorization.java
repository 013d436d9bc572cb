package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.mailbox.PeerHeader;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the privileged operations of the proc and host agents (spawn, stop, drain, shutdown,
 * config push, thread dump, profile, config dump).
 *
 * <p>It is on when {@code default_transport = tls}. Then a message posted within the process is
 * trusted, and one from another process is accepted only when its {@link PeerHeader} names a
 * certificate subject listed in {@code tls_allowed_subjects}; subjects are compared as X.500
 * distinguished names in canonical form (so {@code cn=Client, o=Acme} matches {@code
 * CN=client,O=Acme}), never by a part of the name. Off (any other transport), everything is
 * accepted, as before: plaintext links authenticate nobody.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * PeerAuthorization auth = PeerAuthorization.from(config);
 * String why = auth.refusal("proc_agent", "spawn", envelope.headers());
 * }</pre>
 */
public final class PeerAuthorization {
  private static final Logger log = LoggerFactory.getLogger(PeerAuthorization.class);

  private final boolean enabled;
  private final ImmutableSet<X500Principal> allowed;

  private PeerAuthorization(boolean enabled, List<String> allowed) {
    this.enabled = enabled;
    this.allowed =
        allowed.stream().map(X500Principal::new).collect(ImmutableSet.toImmutableSet());
  }

  /** The policy {@code config} sets: on with {@code default_transport = tls}. */
  public static PeerAuthorization from(HyperactorConfig config) {
    checkNotNull(config, "config");
    return new PeerAuthorization(
        config.get(HyperactorAttrs.DEFAULT_TRANSPORT) == ChannelTransport.TLS,
        config.get(HyperactorAttrs.TLS_ALLOWED_SUBJECTS));
  }

  /** Whether privileged operations are checked at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Whether {@code subject}, an RFC 2253 distinguished name, is in the allow-list. */
  public boolean allows(String subject) {
    checkNotNull(subject, "subject");
    if (subject.isEmpty()) {
      return false;
    }
    try {
      return allowed.contains(new X500Principal(subject));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Why {@code operation} of {@code agent}, requested by the message with {@code headers}, is
   * refused, or null when it may go ahead. A refusal is logged at WARN.
   */
  public @Nullable String refusal(String agent, String operation, Map<String, String> headers) {
    if (!enabled) {
      return null;
    }
    String subject = headers.get(PeerHeader.NAME);
    if (subject == null || allows(subject)) {
      return null;
    }
    String who =
        subject.equals(PeerHeader.UNAUTHENTICATED)
            ? "an unauthenticated peer"
            : "peer '" + subject + "'";
    String reason =
        "not authorized: "
            + who
            + " may not use "
            + agent
            + " operation '"
            + operation
            + "' (its subject is not in tls_allowed_subjects)";
    log.warn("{}: refused: {}", agent, reason);
    return reason;
  }
}
