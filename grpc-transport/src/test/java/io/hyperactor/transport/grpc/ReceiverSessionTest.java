package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.NackCode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The receiver-side session protocol, driven frame by frame through a raw link. */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReceiverSessionTest {
  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();
  /** The limit a receiver with the default codec_max_frame_length states in its Accept. */
  private static final long MAX_FRAME =
      Frames.effectiveMaxFrameLength(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH.defaultValue());

  @BeforeEach
  void ackEveryMessage() {
    config.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 1L);
    config.set(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL, Duration.ofHours(1));
  }

  private Rx<String> serve() {
    return new GrpcChannelProvider(config)
        .serve(ChannelAddr.anyLocalhost(ChannelTransport.TCP), ChannelCodec.utf8());
  }

  @Test
  void testPersistentServerSession() throws Exception {
    try (Rx<String> rx = serve();
        RawLink link = new RawLink((ChannelAddr.Tcp) rx.addr())) {
      RawLink.Call first = link.open().hello(42, 0).batch(0, "m0", "m1", "m2", "m3");
      assertThat(first.accept()).isEqualTo(MAX_FRAME);
      for (int i = 0; i < 4; i++) {
        assertThat(rx.recv()).isEqualTo("m" + i);
        assertThat(first.next()).isEqualTo(RawLink.ack(i + 1));
      }
      first.cancel();

      // The sender believes only 0 and 1 were acknowledged and resends from 2.
      RawLink.Call second = link.open().hello(42, 2).batch(2, "m2", "m3", "m4", "m5");
      assertThat(second.accept()).isEqualTo(MAX_FRAME);
      assertThat(second.next()).isEqualTo(RawLink.ack(4));
      assertThat(rx.recv()).isEqualTo("m4");
      assertThat(second.next()).isEqualTo(RawLink.ack(5));
      assertThat(rx.recv()).isEqualTo("m5");
      assertThat(second.next()).isEqualTo(RawLink.ack(6));
      assertThat(rx.recv(Duration.ofMillis(100))).isEmpty();
    }
  }

  @Test
  void testAckFromServerSession() throws Exception {
    Rx<String> rx = serve();
    try (RawLink link = new RawLink((ChannelAddr.Tcp) rx.addr())) {
      RawLink.Call call = link.open().hello(7, 0).batch(0, "a", "b", "c");
      assertThat(call.accept()).isEqualTo(MAX_FRAME);
      for (int i = 0; i < 3; i++) {
        rx.recv();
        assertThat(call.next()).isEqualTo(RawLink.ack(i + 1));
      }
      rx.close();
      Frame closed = call.next();
      assertThat(closed.hasClosed()).isTrue();
      assertThat(closed.getClosed().getReason()).isEqualTo("receiver closed");
      assertThat(call.next()).isEqualTo(RawLink.END);
    } finally {
      rx.close();
    }
  }

  @Test
  void rxJoinFlushesPendingAckSingleStream() throws Exception {
    config.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 100_000_000L);
    Rx<String> rx = serve();
    try (RawLink link = new RawLink((ChannelAddr.Tcp) rx.addr())) {
      RawLink.Call call = link.open().hello(5, 0).batch(0, "a", "b", "c");
      assertThat(call.accept()).isEqualTo(MAX_FRAME);
      for (int i = 0; i < 3; i++) {
        rx.recv();
      }
      assertThat(call.frames.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
      rx.close();
      // Exactly the highest ack, then Closed.
      assertThat(call.next()).isEqualTo(RawLink.ack(3));
      assertThat(call.next().hasClosed()).isTrue();
      assertThat(call.next()).isEqualTo(RawLink.END);
    } finally {
      rx.close();
    }
  }

  @Test
  void testServerRejectsConnOnOutOfSequenceMessage() throws Exception {
    try (Rx<String> rx = serve();
        RawLink link = new RawLink((ChannelAddr.Tcp) rx.addr())) {
      RawLink.Call call = link.open().hello(9, 0).batch(0, "m0", "m1");
      assertThat(call.accept()).isEqualTo(MAX_FRAME);
      assertThat(rx.recv()).isEqualTo("m0");
      assertThat(call.next()).isEqualTo(RawLink.ack(1));
      assertThat(rx.recv()).isEqualTo("m1");
      assertThat(call.next()).isEqualTo(RawLink.ack(2));

      call.batch(3, "m3");
      Frame reject = call.next();
      assertThat(reject.hasReject()).isTrue();
      assertThat(reject.getReject().getReason())
          .isEqualTo("out-of-sequence message, expected seq 2, got 3");
      assertThat(call.next()).isEqualTo(RawLink.END);
      assertThat(rx.recv(Duration.ofMillis(100))).isEmpty();
    }
  }

  @Test
  void aRestartedReceiverRejectsASessionThatWasAcknowledgedBefore() throws Exception {
    try (Rx<String> rx = serve();
        RawLink link = new RawLink((ChannelAddr.Tcp) rx.addr())) {
      // A session this receiver never saw, resuming at seq 5: messages 0..4 went to a predecessor.
      RawLink.Call call = link.open().hello(11, 5).batch(5, "m5");
      assertThat(call.accept()).isEqualTo(MAX_FRAME);
      Frame reject = call.next();
      assertThat(reject.getReject().getReason())
          .isEqualTo("out-of-sequence message, expected seq 0, got 5");
    }
  }

  @Test
  void anOversizedMessageIsNackedWithItsCodeAndTheStreamGoesOn() throws Exception {
    config.set(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, 8L);
    try (Rx<String> rx = serve();
        RawLink link = new RawLink((ChannelAddr.Tcp) rx.addr())) {
      RawLink.Call call = link.open().hello(13, 0).batch(0, "small", "far too large", "tiny");
      assertThat(call.accept()).isEqualTo(8);
      Frame nack = call.next();
      assertThat(nack.getNack().getSeq()).isEqualTo(1);
      assertThat(nack.getNack().getCode()).isEqualTo(NackCode.NACK_CODE_OVERSIZED);
      assertThat(nack.getNack().getReason()).startsWith("rejecting oversize frame: len=13 > max=8");
      assertThat(rx.recv()).isEqualTo("small");
      assertThat(call.next()).isEqualTo(RawLink.ack(1));
      assertThat(rx.recv()).isEqualTo("tiny");
      // The refused message counts as handled once nothing before it is left.
      assertThat(call.next()).isEqualTo(RawLink.ack(3));
    }
  }

  @Test
  void aSkipWithdrawsWhatTheSenderGaveUpOnAndMovesTheSequenceOn() throws Exception {
    config.set(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, 8L);
    try (Rx<String> rx = serve();
        RawLink link = new RawLink((ChannelAddr.Tcp) rx.addr())) {
      // The sender gave up on 0 and 1 (it returned them) while they waited in the queue. The
      // oversized message after the skip is there for its Nack, which shows that the receiver
      // has handled the skip before anything is taken.
      RawLink.Call call =
          link.open().hello(17, 0).batch(0, "a", "b", "c").skip(2).batch(3, "far too large");
      assertThat(call.accept()).isEqualTo(8);
      assertThat(call.next().getNack().getSeq()).isEqualTo(3);
      assertThat(rx.recv()).isEqualTo("c");
      // Withdrawn messages count as handled, as refused ones do.
      assertThat(call.next()).isEqualTo(RawLink.ack(1));
      assertThat(call.next()).isEqualTo(RawLink.ack(2));
      assertThat(call.next()).isEqualTo(RawLink.ack(4));
      // It also gave up on 4 and 5, which never arrived: 6 is the next one.
      call.skip(6);
      // Nothing is outstanding: the skipped numbers count as handled at once.
      assertThat(call.next()).isEqualTo(RawLink.ack(6));
      call.batch(6, "f");
      assertThat(rx.recv()).isEqualTo("f");
      assertThat(call.next()).isEqualTo(RawLink.ack(7));
      // A skip replayed after a reconnect changes nothing.
      call.skip(2).batch(7, "g");
      assertThat(rx.recv()).isEqualTo("g");
      assertThat(call.next()).isEqualTo(RawLink.ack(8));
      assertThat(rx.recv(Duration.ofMillis(100))).isEmpty();
    }
  }

  @Test
  void aBatchBeforeTheHelloIsAProtocolError() throws Exception {
    try (Rx<String> rx = serve();
        RawLink link = new RawLink((ChannelAddr.Tcp) rx.addr())) {
      RawLink.Call call = link.open().batch(0, "m0");
      assertThat(call.next()).isEqualTo(RawLink.END);
      assertThat(rx.recv(Duration.ofMillis(100))).isEmpty();
    }
  }
}
