package io.hyperactor.internal.mailbox;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelPeer;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The envelope header that carries who sent a message from another process, as the receiving
 * transport established it: the sender's certificate subject on a mutual-TLS link, or the empty
 * string for a peer no handshake identified. A message posted within the process has no such
 * header.
 *
 * <p>The receiver writes the header; whatever the sender wrote under that name is dropped, except
 * from a relay: an authenticated peer that is itself allowed to use the privileged operations (a
 * host forwarding to its procs, a comm actor forwarding a cast) passes on the identity its own
 * receiver established. Thread-safe (static functions only).
 */
public final class PeerHeader {
  /** The header's name. */
  public static final String NAME = "hyperactor.peer";

  /** The value for a remote peer that no handshake identified. */
  public static final String UNAUTHENTICATED = "";

  private PeerHeader() {}

  /** {@code envelope} as received from a peer the transport did not identify: no identity. */
  static MessageEnvelope stripped(MessageEnvelope envelope) {
    if (!envelope.headers().containsKey(NAME)) {
      return envelope;
    }
    return withHeader(envelope, null);
  }

  /** {@code envelope} as received from {@code peer}: the header the transport's identity gives. */
  static MessageEnvelope received(MessageEnvelope envelope, ChannelPeer peer) {
    String value =
        switch (peer) {
          case ChannelPeer.Authenticated a ->
              a.relay() && envelope.headers().containsKey(NAME)
                  ? envelope.headers().get(NAME)
                  : a.subject();
          case ChannelPeer.Unauthenticated u -> UNAUTHENTICATED;
        };
    return withHeader(envelope, value);
  }

  /** {@code headers} without this header, then with {@code value} under it when not null. */
  public static ImmutableMap<String, String> replace(
      Map<String, String> headers, @Nullable String value) {
    ImmutableMap.Builder<String, String> out =
        ImmutableMap.builderWithExpectedSize(headers.size() + 1);
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (!e.getKey().equals(NAME)) {
        out.put(e);
      }
    }
    if (value != null) {
      out.put(NAME, value);
    }
    return out.buildOrThrow();
  }

  private static MessageEnvelope withHeader(MessageEnvelope envelope, @Nullable String value) {
    return new MessageEnvelope(
        envelope.sender(),
        envelope.dest(),
        replace(envelope.headers(), value),
        envelope.payload(),
        envelope.seqInfo(),
        envelope.ttl(),
        envelope.returnUndeliverable());
  }
}
