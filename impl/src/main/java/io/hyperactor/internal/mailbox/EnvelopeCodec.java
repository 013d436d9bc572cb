package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.mailbox.wire.MailboxWire;
import java.io.IOException;
import java.util.UUID;

/**
 * The channel codec of mailbox envelopes: a {@code hyperactor.mailbox.Envelope} Protobuf message
 * whose payload is encoded by a {@link CodecRegistry}.
 *
 * <p>Decoding fails with a {@link CodecException} naming the type when the payload's type name is
 * not registered; the channel returns such a message to its sender, so the sender learns the
 * unknown name as the undeliverable reason. Thread-safe.
 */
public final class EnvelopeCodec implements ChannelCodec<MessageEnvelope> {
  private final CodecRegistry registry;

  public EnvelopeCodec(CodecRegistry registry) {
    this.registry = checkNotNull(registry, "registry");
  }

  /** The registry payloads are encoded with. */
  public CodecRegistry registry() {
    return registry;
  }

  @Override
  public byte[] encode(MessageEnvelope envelope) {
    return toWire(envelope, registry).toByteArray();
  }

  @Override
  public MessageEnvelope decode(byte[] bytes) {
    MailboxWire.Envelope wire;
    try {
      // The wire envelope may share the payload bytes instead of copying them: it lives only
      // while the payload is decoded, which copies whatever the decoded message keeps.
      // Protobuf aliases only a buffer it may treat as immutable, hence the wrap.
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
      in.enableAliasing(true);
      wire = MailboxWire.Envelope.parseFrom(in);
    } catch (IOException e) {
      throw new CodecException(
          "malformed envelope of " + bytes.length + " bytes: " + e.getMessage(), e);
    }
    return fromWire(wire, registry);
  }

  static MailboxWire.Envelope toWire(MessageEnvelope envelope, CodecRegistry registry) {
    Object payload = envelope.payload();
    MailboxWire.Envelope.Builder b =
        MailboxWire.Envelope.newBuilder()
            .setSender(registry.ids.format(envelope.sender()))
            .setDest(registry.ids.format(envelope.dest()))
            .setTypeName(registry.typeNameOf(payload))
            .setPayload(registry.encodeToByteString(payload))
            .setTtl(envelope.ttl())
            .setReturnUndeliverable(envelope.returnUndeliverable());
    if (!envelope.headers().isEmpty()) {
      b.putAllHeaders(envelope.headers());
    }
    if (envelope.seqInfo() instanceof SeqInfo.Session s) {
      b.setSeq(
          MailboxWire.Session.newBuilder()
              .setSessionMsb(s.sessionId().getMostSignificantBits())
              .setSessionLsb(s.sessionId().getLeastSignificantBits())
              .setSeq(s.seq()));
    }
    return b.build();
  }

  static MessageEnvelope fromWire(MailboxWire.Envelope wire, CodecRegistry registry) {
    ActorId sender;
    PortId dest;
    try {
      sender = registry.ids.parseActorId(wire.getSender());
      dest = registry.ids.parsePortId(wire.getDest());
    } catch (IllegalArgumentException e) {
      throw new CodecException("malformed envelope: " + e.getMessage(), e);
    }
    Object payload;
    try {
      payload = registry.decode(wire.getTypeName(), wire.getPayload());
    } catch (CodecException e) {
      throw new CodecException(
          "cannot decode message from " + sender + " to " + dest + ": " + e.getMessage(), e);
    }
    SeqInfo seq =
        wire.hasSeq()
            ? new SeqInfo.Session(
                new UUID(wire.getSeq().getSessionMsb(), wire.getSeq().getSessionLsb()),
                wire.getSeq().getSeq())
            : SeqInfo.DIRECT;
    return new MessageEnvelope(
        sender,
        dest,
        wire.getHeadersCount() == 0 ? ImmutableMap.of() : ImmutableMap.copyOf(wire.getHeadersMap()),
        payload,
        seq,
        wire.getTtl(),
        wire.getReturnUndeliverable());
  }

  @Override
  public String toString() {
    return "EnvelopeCodec";
  }
}
