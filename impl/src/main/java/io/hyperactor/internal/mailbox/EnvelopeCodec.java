package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelPeer;
import io.hyperactor.codec.CodecException;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.mailbox.wire.MailboxWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The channel codec of mailbox envelopes: a {@code hyperactor.mailbox.Envelope} Protobuf message
 * whose payload is encoded by a {@link CodecRegistry}.
 *
 * <p>Decoding fails with a {@link CodecException} naming the type when the payload's type name is
 * not registered; the channel returns such a message to its sender, so the sender learns the
 * unknown name as the undeliverable reason. Thread-safe.
 *
 * <p>A large {@code byte[]} payload is not copied on its way to the transport: the transport reads
 * the array when it writes the message, and again after a reconnect until the message is
 * acknowledged. A sender must not change an array it sent, as with a local send, where the
 * receiver gets the same array.
 */
public final class EnvelopeCodec implements ChannelCodec<MessageEnvelope> {
  /** Encoded payloads from this size on travel as a piece of their own, not copied. */
  static final int SPLIT_PAYLOAD_BYTES = 4096;

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

  /**
   * The envelope without its payload, followed by the payload field whose bytes are the encoded
   * payload itself rather than a copy, for payloads large enough for the copy to matter.
   * Protobuf parsers accept fields in any order.
   */
  @Override
  public List<ByteBuffer> encodeToBuffers(MessageEnvelope envelope) {
    Object payload = envelope.payload();
    ByteString encodedPayload =
        payload instanceof byte[] array && array.length >= SPLIT_PAYLOAD_BYTES
            ? registry.encodeSharing(payload)
            : registry.encodeToByteString(payload);
    if (encodedPayload.size() < SPLIT_PAYLOAD_BYTES) {
      return List.of(
          ByteBuffer.wrap(toWire(envelope, registry, encodedPayload).toByteArray()));
    }
    MailboxWire.Envelope rest = toWire(envelope, registry, ByteString.EMPTY);
    int headSize =
        rest.getSerializedSize()
            + CodedOutputStream.computeTagSize(MailboxWire.Envelope.PAYLOAD_FIELD_NUMBER)
            + CodedOutputStream.computeUInt32SizeNoTag(encodedPayload.size());
    byte[] head = new byte[headSize];
    CodedOutputStream out = CodedOutputStream.newInstance(head);
    try {
      rest.writeTo(out);
      out.writeTag(MailboxWire.Envelope.PAYLOAD_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(encodedPayload.size());
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new CodecException("cannot encode envelope: " + e, e);
    }
    List<ByteBuffer> buffers = new ArrayList<>(3);
    buffers.add(ByteBuffer.wrap(head));
    try {
      // The encoded payload is the registry's own fresh array, which nothing changes later, or
      // the message's byte array, which its sender gave away with the message.
      UnsafeByteOperations.unsafeWriteTo(encodedPayload, new Pieces(buffers));
    } catch (IOException e) {
      throw new CodecException("cannot encode envelope: " + e, e);
    }
    return buffers;
  }

  /** Decodes {@code bytes}; a sender-written {@link PeerHeader} is dropped. */
  @Override
  public MessageEnvelope decode(byte[] bytes) {
    return PeerHeader.stripped(decode(UnsafeByteOperations.unsafeWrap(bytes)));
  }

  /**
   * Decodes the lent buffer without copying it; the payload decoder copies what it keeps. A
   * sender-written {@link PeerHeader} is dropped.
   */
  @Override
  public MessageEnvelope decode(ByteBuffer bytes) {
    return PeerHeader.stripped(decodeLent(bytes));
  }

  /**
   * Decodes the lent buffer and records {@code peer}, the identity the transport established, in
   * the envelope's {@link PeerHeader}, replacing what the sender wrote (unless the peer is a relay).
   */
  @Override
  public MessageEnvelope decode(ByteBuffer bytes, ChannelPeer peer) {
    return PeerHeader.received(decodeLent(bytes), checkNotNull(peer, "peer"));
  }

  /**
   * Decodes the lent pieces without joining them; the payload decoder copies what it keeps (for a
   * {@code byte[]}, straight out of the pieces). A sender-written {@link PeerHeader} is dropped.
   */
  @Override
  public MessageEnvelope decode(List<ByteBuffer> pieces) {
    return PeerHeader.stripped(decodeLent(pieces));
  }

  /** As {@link #decode(ByteBuffer, ChannelPeer)}, for a message in several lent pieces. */
  @Override
  public MessageEnvelope decode(List<ByteBuffer> pieces, ChannelPeer peer) {
    return PeerHeader.received(decodeLent(pieces), checkNotNull(peer, "peer"));
  }

  private MessageEnvelope decodeLent(List<ByteBuffer> pieces) {
    if (pieces.size() == 1) {
      return decodeLent(pieces.getFirst());
    }
    List<ByteString> wrapped = new ArrayList<>(pieces.size());
    for (ByteBuffer piece : pieces) {
      wrapped.add(
          piece.hasArray()
              ? UnsafeByteOperations.unsafeWrap(
                  piece.array(), piece.arrayOffset() + piece.position(), piece.remaining())
              : UnsafeByteOperations.unsafeWrap(piece.slice()));
    }
    // Concatenated as a rope, which protobuf parses piece by piece (aliasing direct pieces).
    return decode(ByteString.copyFrom(wrapped));
  }

  private MessageEnvelope decodeLent(ByteBuffer bytes) {
    if (bytes.hasArray()) {
      return decode(
          UnsafeByteOperations.unsafeWrap(
              bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining()));
    }
    return decode(UnsafeByteOperations.unsafeWrap(bytes.slice()));
  }

  private MessageEnvelope decode(ByteString bytes) {
    MailboxWire.Envelope wire;
    try {
      // The wire envelope may share the payload bytes instead of copying them: it lives only
      // while the payload is decoded, which copies whatever the decoded message keeps.
      // Protobuf aliases only a buffer it may treat as immutable, hence the unsafe wrap.
      CodedInputStream in = bytes.newCodedInput();
      in.enableAliasing(true);
      wire = MailboxWire.Envelope.parseFrom(in);
    } catch (IOException e) {
      throw new CodecException(
          "malformed envelope of " + bytes.size() + " bytes: " + e.getMessage(), e);
    }
    return fromWire(wire, registry);
  }

  /** Collects the pieces of a byte string as buffers over its own arrays. */
  private static final class Pieces extends ByteOutput {
    private final List<ByteBuffer> buffers;

    Pieces(List<ByteBuffer> buffers) {
      this.buffers = buffers;
    }

    @Override
    public void write(byte value) {
      buffers.add(ByteBuffer.wrap(new byte[] {value}));
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      buffers.add(ByteBuffer.wrap(Arrays.copyOfRange(value, offset, offset + length)));
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      buffers.add(ByteBuffer.wrap(value, offset, length));
    }

    @Override
    public void write(ByteBuffer value) {
      ByteBuffer copy = ByteBuffer.allocate(value.remaining());
      copy.put(value).flip();
      buffers.add(copy);
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      buffers.add(value);
    }
  }

  static MailboxWire.Envelope toWire(MessageEnvelope envelope, CodecRegistry registry) {
    return toWire(envelope, registry, registry.encodeToByteString(envelope.payload()));
  }

  private static MailboxWire.Envelope toWire(
      MessageEnvelope envelope, CodecRegistry registry, ByteString encodedPayload) {
    Object payload = envelope.payload();
    MailboxWire.Envelope.Builder b =
        MailboxWire.Envelope.newBuilder()
            .setSender(registry.ids.format(envelope.sender()))
            .setDest(registry.ids.format(envelope.dest()))
            .setTypeName(registry.typeNameOf(payload))
            .setPayload(encodedPayload)
            .setTtl(envelope.ttl())
            .setReturnUndeliverable(envelope.returnUndeliverable());
    for (Map.Entry<String, String> header : envelope.headers().entrySet()) {
      b.addHeaders(
          MailboxWire.Header.newBuilder().setKey(header.getKey()).setValue(header.getValue()));
    }
    if (envelope.seqInfo() instanceof SeqInfo.Session s) {
      b.setSeq(
          MailboxWire.Session.newBuilder()
              .setSessionMsb(s.sessionId().getMostSignificantBits())
              .setSessionLsb(s.sessionId().getLeastSignificantBits())
              .setSeq(s.seq())
              .setEpoch(s.epoch()));
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
                wire.getSeq().getSeq(),
                wire.getSeq().getEpoch())
            : SeqInfo.DIRECT;
    return new MessageEnvelope(
        sender,
        dest,
        headers(wire),
        payload,
        seq,
        wire.getTtl(),
        wire.getReturnUndeliverable());
  }

  private static ImmutableMap<String, String> headers(MailboxWire.Envelope wire) {
    int count = wire.getHeadersCount();
    if (count == 0) {
      return ImmutableMap.of();
    }
    ImmutableMap.Builder<String, String> headers = ImmutableMap.builderWithExpectedSize(count);
    for (MailboxWire.Header header : wire.getHeadersList()) {
      headers.put(header.getKey(), header.getValue());
    }
    // A map field's semantics: a repeated key keeps its last value.
    return headers.buildKeepingLast();
  }

  @Override
  public String toString() {
    return "EnvelopeCodec";
  }
}
