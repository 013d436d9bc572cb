package io.hyperactor.channel;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Who sent the bytes a network receiver hands to {@link ChannelCodec#decode(java.nio.ByteBuffer,
 * ChannelPeer)}, as the transport itself established it: the certificate subject of a mutual-TLS
 * peer, or nothing for a plaintext one.
 *
 * <p>The identity comes from the connection (the TLS session), never from the bytes: a codec that
 * carries it into its messages must replace whatever the sender wrote.
 *
 * <pre>{@code
 * switch (peer) {
 *   case ChannelPeer.Authenticated a -> log.info("from {}", a.subject());
 *   case ChannelPeer.Unauthenticated u -> log.info("from a plaintext peer");
 * }
 * }</pre>
 */
public sealed interface ChannelPeer permits ChannelPeer.Authenticated, ChannelPeer.Unauthenticated {

  /** A peer whose identity no handshake established (a plaintext {@code tcp:} or {@code unix:} link). */
  static ChannelPeer unauthenticated() {
    return Unauthenticated.INSTANCE;
  }

  /**
   * A peer that presented a certificate the receiver verified.
   *
   * @param subject the certificate's subject distinguished name, RFC 2253 form
   * @param relay whether the receiver trusts this peer to pass on the identity it established for
   *     messages it forwards (its subject is allowed to use the privileged agent operations)
   */
  record Authenticated(String subject, boolean relay) implements ChannelPeer {
    public Authenticated {
      checkNotNull(subject, "subject");
      checkArgument(!subject.isEmpty(), "an authenticated subject must not be empty");
    }
  }

  /** A peer whose identity no handshake established. */
  enum Unauthenticated implements ChannelPeer {
    INSTANCE;

    @Override
    public String toString() {
      return "unauthenticated peer";
    }
  }
}
