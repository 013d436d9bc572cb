package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.codec.CodecException;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What travels on the duplex link between a host and a proc attached to it.
 *
 * <p>The attaching side first sends {@link Attach}; the host answers {@link Bootstrap} with the
 * proc's assigned id; from then on both directions carry {@link Envelope}s. A side that receives a
 * message out of this order answers {@link Refused}, naming it. On the wire each message is one
 * tag byte followed by the envelope's codec bytes, or the id's or the reason's UTF-8 text.
 */
sealed interface AttachMessage {

  /** A proc asks to join the host. */
  record Attach() implements AttachMessage {}

  /** The host assigns the attached proc its id. */
  record Bootstrap(ProcId procId) implements AttachMessage {
    public Bootstrap {
      checkNotNull(procId, "procId");
    }
  }

  /** A message for the other side to route. */
  record Envelope(MessageEnvelope envelope) implements AttachMessage {
    public Envelope {
      checkNotNull(envelope, "envelope");
    }
  }

  /** The other side sent a message this side cannot act on at that point; {@code reason} names it. */
  record Refused(String reason) implements AttachMessage {
    public Refused {
      checkNotNull(reason, "reason");
    }
  }

  byte ATTACH = 1;
  byte BOOTSTRAP = 2;
  byte ENVELOPE = 3;
  byte REFUSED = 4;

  /** The codec of attach messages, with envelopes encoded by {@code envelopes}. */
  static ChannelCodec<AttachMessage> codec(EnvelopeCodec envelopes) {
    return new ChannelCodec<>() {
      @Override
      public byte[] encode(AttachMessage message) {
        return switch (message) {
          case Attach a -> new byte[] {ATTACH};
          case Bootstrap b ->
              tagged(BOOTSTRAP, b.procId().toString().getBytes(StandardCharsets.UTF_8));
          case Envelope e -> tagged(ENVELOPE, envelopes.encode(e.envelope()));
          case Refused r -> tagged(REFUSED, r.reason().getBytes(StandardCharsets.UTF_8));
        };
      }

      @Override
      public AttachMessage decode(byte[] bytes) {
        if (bytes.length == 0) {
          throw new CodecException("empty attach message");
        }
        byte[] rest = Arrays.copyOfRange(bytes, 1, bytes.length);
        return switch (bytes[0]) {
          case ATTACH -> new Attach();
          case BOOTSTRAP -> {
            try {
              yield new Bootstrap(ProcId.parse(new String(rest, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
              throw new CodecException("invalid attach bootstrap: " + e.getMessage(), e);
            }
          }
          case ENVELOPE -> new Envelope(envelopes.decode(rest));
          case REFUSED -> new Refused(new String(rest, StandardCharsets.UTF_8));
          default -> throw new CodecException("unknown attach message tag " + bytes[0]);
        };
      }

      @Override
      public String toString() {
        return "attach messages over " + envelopes;
      }
    };
  }

  private static byte[] tagged(byte tag, byte[] body) {
    byte[] out = new byte[body.length + 1];
    out[0] = tag;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }
}
