package io.hyperactor.internal.mailbox;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.protobuf.ByteString;
import io.hyperactor.DeliveryError;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.codec.CodecException;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.wire.MailboxWire;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CodecRegistryTest {
  record Ping(long n, String text, @Nullable String note, PortRef<Pong> replyTo) {}

  record Pong(long n) {}

  record Blob(byte[] data) {}

  record Everything(
      int i,
      short s,
      byte b,
      char c,
      float f,
      double d,
      boolean flag,
      List<String> list,
      Map<String, Long> map,
      java.util.Set<Integer> set,
      Optional<String> maybe,
      UUID uuid,
      Duration duration,
      Instant at,
      ActorRef<String> actor,
      OncePortRef<Long> once,
      ProcId proc,
      ChannelAddr addr,
      Color color,
      Shape shape) {}

  enum Color {
    RED,
    GREEN
  }

  sealed interface Shape permits Circle, Square, Polygon {}

  record Circle(double radius) implements Shape {}

  record Square(double side) implements Shape {}

  sealed interface Polygon extends Shape permits Triangle {}

  record Triangle(List<Double> sides) implements Polygon {}

  record Unregistered(int x) {}

  enum Op {
    ADD {
      @Override
      long apply(long a, long b) {
        return a + b;
      }
    };

    abstract long apply(long a, long b);
  }

  @Test
  void enumConstantsWithBodiesTravelAsTheirEnum() {
    CodecRegistry registry = CodecRegistry.builder().enumType("test.Op", Op.class).build();
    assertThat(registry.typeNameOf(Op.ADD)).isEqualTo("test.Op");
    assertThat(registry.decode("test.Op", registry.encode(Op.ADD))).isSameInstanceAs(Op.ADD);
  }

  private static final ProcId PROC = new ProcId(ChannelAddr.parse("tcp:127.0.0.1:4000"), "p");
  private static final ActorId ACTOR = PROC.actorId("a");

  private static CodecRegistry registry() {
    return CodecRegistry.builder()
        .record("test.Ping", Ping.class)
        .record("test.Pong", Pong.class)
        .record("test.Blob", Blob.class)
        .record("test.Everything", Everything.class)
        .enumType("test.Color", Color.class)
        .sealed("test.Shape", Shape.class)
        .proto("test.Session", MailboxWire.Session.class, MailboxWire.Session.parser())
        .build();
  }

  private static Object roundTrip(CodecRegistry registry, Object value) {
    return registry.decode(registry.typeNameOf(value), registry.encode(value));
  }

  @Test
  void recordsWithRefsRoundTripUnderTheirRegisteredNames() {
    CodecRegistry registry = registry();
    Ping ping = new Ping(7, "hello", null, PortRef.attest(ACTOR.portId(1024)));
    assertThat(registry.typeNameOf(ping)).isEqualTo("test.Ping");
    assertThat(roundTrip(registry, ping)).isEqualTo(ping);
  }

  @Test
  void everyBuiltInComponentTypeRoundTrips() {
    CodecRegistry registry = registry();
    Everything value =
        new Everything(
            -5,
            (short) 3,
            (byte) -1,
            'x',
            1.5f,
            2.25,
            true,
            ImmutableList.of("a", "b"),
            ImmutableMap.of("k", 9L),
            ImmutableSet.of(1, 2),
            Optional.of("yes"),
            UUID.randomUUID(),
            Duration.ofMillis(1500),
            Instant.ofEpochSecond(1_700_000_000L, 42),
            ActorRef.attest(ACTOR),
            new OncePortRef<>(ACTOR.portId(1025)),
            PROC,
            ChannelAddr.parse("unix:@sock"),
            Color.GREEN,
            new Triangle(ImmutableList.of(1.0, 2.0, 3.0)));
    assertThat(roundTrip(registry, value)).isEqualTo(value);
  }

  @Test
  void sealedHierarchiesRegisterEveryPermittedRecordByName() {
    CodecRegistry registry = registry();
    assertThat(registry.typeNameOf(new Circle(1))).isEqualTo("test.Shape.Circle");
    assertThat(registry.typeNameOf(new Triangle(List.of()))).isEqualTo("test.Shape.Polygon.Triangle");
    assertThat(roundTrip(registry, new Square(2))).isEqualTo(new Square(2));
  }

  @Test
  void protobufMessagesAreEncodedNatively() {
    CodecRegistry registry = registry();
    MailboxWire.Session session = MailboxWire.Session.newBuilder().setSeq(12).build();
    assertThat(roundTrip(registry, session)).isEqualTo(session);
  }

  @Test
  void largeByteArraysRoundTrip() {
    CodecRegistry registry = registry();
    byte[] data = new byte[64 * 1024];
    new Random(1).nextBytes(data);
    Blob decoded = (Blob) roundTrip(registry, new Blob(data));
    assertThat(Arrays.equals(decoded.data(), data)).isTrue();
  }

  @Test
  void undeliverableWithItsEnvelopeRoundTrips() {
    CodecRegistry registry = registry();
    MessageEnvelope envelope =
        new MessageEnvelope(
            ACTOR,
            ACTOR.portId(0),
            ImmutableMap.of("h", "v"),
            new Pong(3),
            new SeqInfo.Session(UUID.randomUUID(), 4),
            12,
            true);
    Undeliverable u =
        new Undeliverable(envelope, new DeliveryError(DeliveryError.Kind.MAILBOX, "gone"));
    Undeliverable decoded = (Undeliverable) roundTrip(registry, u);
    assertThat(decoded.error()).isEqualTo(u.error());
    assertThat(decoded.envelope().payload()).isEqualTo(new Pong(3));
    assertThat(decoded.envelope().seqInfo()).isEqualTo(envelope.seqInfo());
    assertThat(decoded.envelope().headers()).isEqualTo(envelope.headers());
    assertThat(decoded.envelope().ttl()).isEqualTo(12);
  }

  @Test
  void unknownTypeNameIsRejectedNamingIt() {
    CodecRegistry sender = registry();
    CodecRegistry receiver = CodecRegistry.builtins();
    byte[] bytes = sender.encode(new Pong(1));
    CodecException e =
        assertThrows(CodecException.class, () -> receiver.decode("test.Pong", bytes));
    assertThat(e).hasMessageThat().contains("unknown type name 'test.Pong'");
  }

  @Test
  void unknownNestedTypeNameIsRejectedNamingIt() {
    CodecRegistry sender = registry();
    CodecRegistry receiver = CodecRegistry.builder().record("test.Ping", Ping.class).build();
    byte[] bytes = sender.encode(ImmutableList.of(new Pong(1)));
    CodecException e = assertThrows(CodecException.class, () -> receiver.decode("list", bytes));
    assertThat(e).hasMessageThat().contains("unknown type name 'test.Pong'");
  }

  @Test
  void unregisteredClassCannotBeEncoded() {
    CodecException e =
        assertThrows(CodecException.class, () -> registry().encode(new Unregistered(1)));
    assertThat(e).hasMessageThat().contains(Unregistered.class.getName());
    assertThat(e).hasMessageThat().contains("not registered");
  }

  @Test
  void declaredTypeNameMustMatchThePayload() {
    CodecRegistry registry = registry();
    byte[] bytes = registry.encode(new Pong(1));
    CodecException e =
        assertThrows(CodecException.class, () -> registry.decode("test.Ping", bytes));
    assertThat(e).hasMessageThat().contains("decodes as 'test.Pong'");
  }

  @Test
  void componentTypeMismatchIsRejectedNamingTheComponent() {
    CodecRegistry liar = CodecRegistry.builder().record("test.Pong", Liar.class).build();
    byte[] bytes = liar.encode(new Liar("not a number"));
    CodecException e =
        assertThrows(CodecException.class, () -> registry().decode("test.Pong", bytes));
    assertThat(e).hasMessageThat().contains("test.Pong.n: expected Long, got String");
  }

  record Liar(String n) {}

  @Test
  void randomBytesFailWithAMessageAndNeverHang() {
    CodecRegistry registry = registry();
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      try {
        registry.decode("list", bytes);
      } catch (CodecException e) {
        assertThat(e).hasMessageThat().isNotEmpty();
      }
    }
  }

  @Test
  void hugeCollectionCountsAreRejectedBeforeAllocating() {
    // LIST tag, then a varint count of 2^31 - 1 with no elements behind it.
    byte[] bytes = {9, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    CodecException e =
        assertThrows(CodecException.class, () -> registry().decode("list", bytes));
    assertThat(e).hasMessageThat().contains("list claims 2147483647 elements");
  }

  @Test
  void registrationRejectsDuplicatesAndReservedNames() {
    IllegalArgumentException dup =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CodecRegistry.builder()
                    .record("test.Pong", Pong.class)
                    .record("test.Pong", Ping.class));
    assertThat(dup).hasMessageThat().contains("type name 'test.Pong' is already registered");
    IllegalArgumentException reserved =
        assertThrows(
            IllegalArgumentException.class,
            () -> CodecRegistry.builder().record("string", Pong.class));
    assertThat(reserved).hasMessageThat().contains("reserved for a built-in type");
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> CodecRegistry.builder().record("has space", Pong.class));
    assertThat(bad).hasMessageThat().contains("invalid type name 'has space'");
  }

  @Test
  void envelopeCodecRoundTripsEveryField() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    MessageEnvelope envelope =
        new MessageEnvelope(
            ACTOR,
            PROC.actorId("b").portId(1030),
            ImmutableMap.of("trace", "abc"),
            new Pong(8),
            new SeqInfo.Session(UUID.randomUUID(), 99),
            17,
            false);
    MessageEnvelope decoded = codec.decode(codec.encode(envelope));
    assertThat(decoded.sender()).isEqualTo(envelope.sender());
    assertThat(decoded.dest()).isEqualTo(envelope.dest());
    assertThat(decoded.headers()).isEqualTo(envelope.headers());
    assertThat(decoded.payload()).isEqualTo(envelope.payload());
    assertThat(decoded.seqInfo()).isEqualTo(envelope.seqInfo());
    assertThat(decoded.ttl()).isEqualTo(17);
    assertThat(decoded.returnUndeliverable()).isFalse();
    MessageEnvelope direct =
        codec.decode(codec.encode(MessageEnvelope.of(ACTOR, ACTOR.portId(0), "x", SeqInfo.DIRECT, 3)));
    assertThat(direct.seqInfo()).isEqualTo(SeqInfo.DIRECT);
  }

  @Test
  void envelopeCodecRemembersTheLastIdsTextsAsCopiesNotAsTheReusedWireBuffer() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    // Two destinations whose texts have the same length, so the second envelope fits the first's
    // buffer exactly, as a reused receive buffer would hold it.
    byte[] first =
        codec.encode(MessageEnvelope.of(ACTOR, PROC.actorId("b").portId(0), "x", SeqInfo.DIRECT, 3));
    byte[] second =
        codec.encode(MessageEnvelope.of(ACTOR, PROC.actorId("c").portId(0), "x", SeqInfo.DIRECT, 3));
    assertThat(second).hasLength(first.length);
    ByteBuffer reused = ByteBuffer.allocateDirect(first.length);
    reused.put(first).flip();
    assertThat(codec.decode(reused.duplicate()).dest()).isEqualTo(PROC.actorId("b").portId(0));
    reused.clear();
    reused.put(second).flip();
    assertThat(codec.decode(reused.duplicate()).dest()).isEqualTo(PROC.actorId("c").portId(0));
  }

  @Test
  void aHeaderKeySentTwiceKeepsItsLastValueAsInAMap() throws Exception {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    byte[] wire =
        MailboxWire.Envelope.newBuilder()
            .setSender(ByteString.copyFromUtf8(ACTOR.toString()))
            .setDest(ByteString.copyFromUtf8(ACTOR.portId(0).toString()))
            .addHeaders(MailboxWire.Header.newBuilder().setKey("trace").setValue("first"))
            .addHeaders(MailboxWire.Header.newBuilder().setKey("other").setValue("x"))
            .addHeaders(MailboxWire.Header.newBuilder().setKey("trace").setValue("last"))
            .setTypeName("string")
            .setPayload(CodecRegistry.builtins().encodeToByteString("hello"))
            .build()
            .toByteArray();
    MessageEnvelope decoded = codec.decode(wire);
    assertThat(decoded.headers()).containsExactly("trace", "last", "other", "x");
    assertThat(decoded.payload()).isEqualTo("hello");
  }

  @Test
  void envelopeWhoseIdIsNotUtf8IsRefusedNamingTheField() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    byte[] wire =
        MailboxWire.Envelope.newBuilder()
            .setSender(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xfe}))
            .setDest(ByteString.copyFromUtf8(ACTOR.portId(0).toString()))
            .setTypeName("string")
            .build()
            .toByteArray();
    CodecException bad = assertThrows(CodecException.class, () -> codec.decode(wire));
    assertThat(bad).hasMessageThat().contains("sender id is not valid UTF-8");
  }

  @Test
  void envelopeCodecRoundTripsAByteArrayPayloadThatSharesNothingWithTheWireBytes() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    byte[] payload = new byte[64 * 1024];
    new Random(7).nextBytes(payload);
    byte[] wire =
        codec.encode(MessageEnvelope.of(ACTOR, ACTOR.portId(0), payload, SeqInfo.DIRECT, 3));
    MessageEnvelope decoded = codec.decode(wire);
    Arrays.fill(wire, (byte) 0);
    assertThat((byte[]) decoded.payload()).isEqualTo(payload);
    assertThat(CodecRegistry.builtins().decode("bytes", CodecRegistry.builtins().encode(payload)))
        .isEqualTo(payload);
  }

  @Test
  void envelopeCodecSendsALargePayloadAsAPieceOfItsOwn() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    byte[] payload = new byte[EnvelopeCodec.SPLIT_PAYLOAD_BYTES];
    new Random(11).nextBytes(payload);
    MessageEnvelope envelope =
        new MessageEnvelope(
            ACTOR,
            PROC.actorId("b").portId(1030),
            ImmutableMap.of("trace", "abc"),
            payload,
            new SeqInfo.Session(UUID.randomUUID(), 99),
            17,
            true);
    List<ByteBuffer> buffers = codec.encodeToBuffers(envelope);
    assertThat(buffers.size()).isGreaterThan(1);
    assertThat(buffers.getLast().remaining()).isEqualTo(payload.length);

    MessageEnvelope decoded = codec.decode(ByteBuffer.wrap(concat(buffers)));
    assertThat(decoded.sender()).isEqualTo(envelope.sender());
    assertThat(decoded.dest()).isEqualTo(envelope.dest());
    assertThat(decoded.headers()).isEqualTo(envelope.headers());
    assertThat((byte[]) decoded.payload()).isEqualTo(payload);
    assertThat(decoded.seqInfo()).isEqualTo(envelope.seqInfo());
    assertThat(decoded.ttl()).isEqualTo(17);
    assertThat(decoded.returnUndeliverable()).isTrue();
  }

  @Test
  void envelopeCodecSharesALargeByteArrayPayloadInsteadOfCopyingIt() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    byte[] payload = new byte[64 * 1024];
    List<ByteBuffer> buffers =
        codec.encodeToBuffers(
            MessageEnvelope.of(ACTOR, ACTOR.portId(0), payload, SeqInfo.DIRECT, 3));
    ByteBuffer last = buffers.getLast();
    assertThat(last.array()).isSameInstanceAs(payload);
    assertThat(last.arrayOffset() + last.position()).isEqualTo(0);
    assertThat(last.remaining()).isEqualTo(payload.length);
  }

  @Test
  void envelopeCodecCopiesALargePayloadOfAnotherType() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    String text = "x".repeat(64 * 1024);
    List<ByteBuffer> buffers =
        codec.encodeToBuffers(
            MessageEnvelope.of(ACTOR, ACTOR.portId(0), text, SeqInfo.DIRECT, 3));
    assertThat(buffers.size()).isGreaterThan(1);
    assertThat(codec.decode(ByteBuffer.wrap(concat(buffers))).payload()).isEqualTo(text);
  }

  @Test
  void envelopeCodecSendsASmallPayloadInTheOneArrayOfEncode() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    MessageEnvelope envelope =
        MessageEnvelope.of(ACTOR, ACTOR.portId(0), new byte[100], SeqInfo.DIRECT, 3);
    List<ByteBuffer> buffers = codec.encodeToBuffers(envelope);
    assertThat(buffers).hasSize(1);
    assertThat(concat(buffers)).isEqualTo(codec.encode(envelope));
  }

  @Test
  void envelopeCodecDecodesALentBufferIntoAPayloadThatSharesNothingWithIt() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    byte[] payload = new byte[64 * 1024];
    new Random(13).nextBytes(payload);
    byte[] encoded =
        concat(
            codec.encodeToBuffers(
                MessageEnvelope.of(ACTOR, ACTOR.portId(0), payload, SeqInfo.DIRECT, 3)));
    // The envelope sits inside a larger wire buffer, as a batch message does.
    byte[] wire = new byte[encoded.length + 10];
    System.arraycopy(encoded, 0, wire, 5, encoded.length);
    MessageEnvelope decoded = codec.decode(ByteBuffer.wrap(wire, 5, encoded.length));
    Arrays.fill(wire, (byte) 0);
    assertThat((byte[]) decoded.payload()).isEqualTo(payload);
  }

  @Test
  void envelopeCodecDecodesLentDirectPiecesIntoAPayloadThatSharesNothingWithThem() {
    EnvelopeCodec codec = new EnvelopeCodec(registry());
    byte[] payload = new byte[64 * 1024];
    new Random(17).nextBytes(payload);
    byte[] encoded =
        concat(
            codec.encodeToBuffers(
                MessageEnvelope.of(ACTOR, ACTOR.portId(0), payload, SeqInfo.DIRECT, 3)));
    // As a network receiver lends a message: its read buffers, 16 KiB each, in direct memory.
    List<ByteBuffer> pieces = new ArrayList<>();
    for (int at = 0; at < encoded.length; at += 16 * 1024) {
      int length = Math.min(16 * 1024, encoded.length - at);
      pieces.add(ByteBuffer.allocateDirect(length).put(encoded, at, length).flip());
    }
    MessageEnvelope decoded = codec.decode(pieces);
    for (ByteBuffer piece : pieces) {
      while (piece.hasRemaining()) {
        piece.put((byte) 0);
      }
    }
    assertThat(pieces.size()).isGreaterThan(1);
    assertThat((byte[]) decoded.payload()).isEqualTo(payload);
  }

  @Test
  void envelopeCodecRejectsAGarbageBufferWithItsLength() {
    CodecException e =
        assertThrows(
            CodecException.class,
            () ->
                new EnvelopeCodec(registry())
                    .decode(ByteBuffer.wrap(new byte[] {0, (byte) 0xff, 1, 2, 3, 0}, 1, 4)));
    assertThat(e).hasMessageThat().contains("malformed envelope of 4 bytes");
  }

  private static byte[] concat(List<ByteBuffer> buffers) {
    int size = buffers.stream().mapToInt(ByteBuffer::remaining).sum();
    ByteBuffer all = ByteBuffer.allocate(size);
    for (ByteBuffer buffer : buffers) {
      all.put(buffer.duplicate());
    }
    return all.array();
  }

  @Test
  void envelopeCodecNamesTheUnknownTypeAndTheDestination() {
    EnvelopeCodec sender = new EnvelopeCodec(registry());
    EnvelopeCodec receiver = new EnvelopeCodec(CodecRegistry.builtins());
    PortId dest = PROC.actorId("b").portId(0);
    byte[] bytes =
        sender.encode(MessageEnvelope.of(ACTOR, dest, new Pong(1), SeqInfo.DIRECT, 3));
    CodecException e = assertThrows(CodecException.class, () -> receiver.decode(bytes));
    assertThat(e).hasMessageThat().contains("unknown type name 'test.Pong'");
    assertThat(e).hasMessageThat().contains(dest.toString());
  }

  @Test
  void envelopeCodecRejectsGarbage() {
    CodecException e =
        assertThrows(
            CodecException.class,
            () -> new EnvelopeCodec(registry()).decode(new byte[] {(byte) 0xff, 1, 2, 3}));
    assertThat(e).hasMessageThat().contains("malformed envelope of 4 bytes");
  }
}
