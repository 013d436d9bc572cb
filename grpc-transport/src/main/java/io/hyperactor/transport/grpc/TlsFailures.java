package io.hyperactor.transport.grpc;

import io.grpc.Status;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Short, readable descriptions of why a connection failed: a refused TLS handshake names what
 * was wrong with which certificate, other failures name their root cause.
 *
 * <p>The JDK reports handshake failures as {@link SSLException}s whose messages carry the TLS
 * alert ({@code certificate_required}, {@code certificate_unknown}, ...) or the local check that
 * failed ({@code PKIX path building failed}, {@code No subject alternative DNS name matching});
 * the descriptions keep that message, in parentheses, after a sentence saying what it means.
 */
final class TlsFailures {
  /** Longer JDK messages are cut: the description is part of every returned message's error. */
  private static final int MAX_DETAIL = 200;

  /** How every description of a refused handshake starts. */
  static final String HANDSHAKE_FAILED = "TLS handshake failed: ";

  private TlsFailures() {}

  /**
   * Why the dialing side's last connection to {@code host} failed, from the gRPC status its
   * connection attempt ended with.
   */
  static String describeConnectFailure(Status status, String host) {
    Throwable cause = status.getCause();
    if (cause == null) {
      String description = status.getDescription();
      return status.getCode() + (description == null ? "" : ": " + description);
    }
    SSLException tls = find(cause, SSLException.class);
    if (tls != null) {
      return HANDSHAKE_FAILED + clientReason(tls, host);
    }
    Throwable root = root(cause);
    if (find(cause, ConnectException.class) != null) {
      return "cannot connect (" + detail(root) + ")";
    }
    return "connection failed (" + detail(root) + ")";
  }

  /**
   * Why this server refused a client's handshake, or null when the client went away before it
   * (a port probe or a plain TCP health check), which is not worth a warning.
   */
  static @Nullable String describeRefusal(Throwable cause) {
    // Netty reports a connection closed mid-handshake as an SSLHandshakeException caused by a
    // ClosedChannelException.
    if (find(cause, ClosedChannelException.class) != null) {
      return null;
    }
    SSLException tls = find(cause, SSLException.class);
    if (tls == null) {
      return detail(root(cause));
    }
    String all = messages(tls);
    String what;
    if (all.contains("Empty client certificate chain") || all.contains("certificate_required")) {
      what = "the client presented no certificate";
    } else if (isUntrusted(all)) {
      what = "the client's certificate is not signed by an authority in tls_ca";
    } else if (isRefusedByPeer(all)) {
      what = "the client refused this server's certificate";
    } else if (all.contains("not an SSL/TLS record")) {
      what = "the client does not speak TLS";
    } else {
      what = "the handshake failed";
    }
    return what + " (" + detail(tls) + ")";
  }

  private static String clientReason(SSLException tls, String host) {
    String all = messages(tls);
    String what;
    if (all.contains("No subject alternative") || all.contains("No name matching")) {
      what = "the server's certificate does not name " + host;
    } else if (isUntrusted(all)) {
      what = "the server's certificate is not signed by an authority in tls_ca";
    } else if (all.contains("certificate_required")) {
      what =
          "the server asked for a certificate signed by an authority it trusts, and this side"
              + " presented none";
    } else if (isRefusedByPeer(all)) {
      what = "the server refused this side's certificate (is it signed by the server's tls_ca?)";
    } else if (all.contains("not an SSL/TLS record")) {
      what = "the server does not speak TLS";
    } else {
      return detail(tls);
    }
    return what + " (" + detail(tls) + ")";
  }

  private static boolean isUntrusted(String messages) {
    return messages.contains("PKIX path building failed")
        || messages.contains("unable to find valid certification path");
  }

  /** A fatal alert from the peer about this side's certificate. */
  private static boolean isRefusedByPeer(String messages) {
    return messages.contains("certificate_unknown")
        || messages.contains("bad_certificate")
        || messages.contains("unknown_ca")
        || messages.contains("access_denied");
  }

  private static <T extends Throwable> @Nullable T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static Throwable root(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** Every message down the cause chain, for matching. */
  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      all.append(c.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static String detail(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    // The JDK starts a locally raised failure with the alert it sends: "(certificate_unknown) ...".
    if (message.startsWith("(") && message.indexOf(") ") > 0) {
      message = message.substring(message.indexOf(") ") + 2);
    }
    return message.length() <= MAX_DETAIL ? message : message.substring(0, MAX_DETAIL) + "...";
  }
}
