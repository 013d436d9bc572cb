package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.transport.grpc.proto.Frame;
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
      for (int i = 0; i < 4; i++) {
        assertThat(rx.recv()).isEqualTo("m" + i);
        assertThat(first.next()).isEqualTo(RawLink.ack(i + 1));
      }
      first.cancel();

      // The sender believes only 0 and 1 were acknowledged and resends from 2.
      RawLink.Call second = link.open().hello(42, 2).batch(2, "m2", "m3", "m4", "m5");
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
      Frame reject = call.next();
      assertThat(reject.getReject().getReason())
          .isEqualTo("out-of-sequence message, expected seq 0, got 5");
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
