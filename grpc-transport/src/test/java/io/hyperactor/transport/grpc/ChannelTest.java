package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendException;
import io.hyperactor.channel.Tx;
import io.hyperactor.channel.spi.ChannelProvider;
import io.hyperactor.config.HyperactorConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The transport-independent channel tests of upstream {@code channel.rs}, for every transport. */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChannelTest {
  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();

  static List<ChannelTransport> transports() {
    return TestTransports.all().toList();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void testDialServe(ChannelTransport transport) throws Exception {
    Channels channels = Channels.of(TestTransports.provider(transport, config));
    try (Rx<String> rx = channels.serve(TestTransports.any(transport), ChannelCodec.utf8());
        Tx<String> tx = channels.dial(rx.addr(), ChannelCodec.utf8())) {
      assertThat(rx.addr().transport()).isEqualTo(transport);
      assertThat(rx.addr()).isNotEqualTo(TestTransports.any(transport));
      tx.post("hello");
      tx.post("world");
      assertThat(rx.recv()).isEqualTo("hello");
      assertThat(rx.recv()).isEqualTo("world");
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void testSend(ChannelTransport transport) throws Exception {
    ChannelProvider provider = TestTransports.provider(transport, config);
    Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8());
    try (Tx<String> tx = provider.dial(rx.addr(), ChannelCodec.utf8(), e -> {})) {
      var acked = tx.send("ok");
      assertThat(rx.recv()).isEqualTo("ok");
      acked.get(30, SECONDS);

      rx.close();
      assertThat(tx.whenClosed().get(30, SECONDS)).isInstanceOf(LinkStatus.Closed.class);
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> tx.send("late").get(30, SECONDS));
      assertThat(e.getCause()).isInstanceOf(SendException.class);
      assertThat(((SendException) e.getCause()).kind()).isEqualTo(ChannelException.Kind.CLOSED);
      assertThat(((SendException) e.getCause()).error().message()).isEqualTo("late");
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void testServerClose(ChannelTransport transport) throws Exception {
    ChannelProvider provider = TestTransports.provider(transport, config);
    Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8());
    try (Tx<String> tx = provider.dial(rx.addr(), ChannelCodec.utf8(), e -> {})) {
      tx.send("first").thenRun(() -> {});
      assertThat(rx.recv()).isEqualTo("first");
      rx.close();
      LinkStatus.Closed closed = tx.whenClosed().get(30, SECONDS);
      assertThat(closed.reason()).contains("closed");

      var returned = new java.util.concurrent.CompletableFuture<String>();
      tx.post("after close", error -> returned.complete(error.reason()));
      assertThat(returned.get(30, SECONDS)).contains("closed");
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void testMultipleConnections(ChannelTransport transport) throws Exception {
    ChannelProvider provider = TestTransports.provider(transport, config);
    int dialers = 100;
    try (Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8())) {
      List<Tx<String>> txs = new ArrayList<>();
      List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
      try {
        for (int i = 0; i < dialers; i++) {
          Tx<String> tx = provider.dial(rx.addr(), ChannelCodec.utf8(), e -> {});
          txs.add(tx);
          acks.add(tx.send("from " + i));
        }
        Set<String> received = new HashSet<>();
        for (int i = 0; i < dialers; i++) {
          received.add(rx.recv());
        }
        assertThat(received).hasSize(dialers);
        for (int i = 0; i < dialers; i++) {
          assertThat(received).contains("from " + i);
          acks.get(i).get(30, SECONDS);
        }
      } finally {
        txs.forEach(Tx::close);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void servingABoundAddressFailsNamingIt(ChannelTransport transport) {
    ChannelProvider provider = TestTransports.provider(transport, config);
    try (Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8())) {
      ChannelException e =
          assertThrows(
              ChannelException.class, () -> provider.serve(rx.addr(), ChannelCodec.utf8()));
      assertThat(e).hasMessageThat().contains(rx.addr().toString().replace("local:", ""));
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void anyAddressServesAFreshAddressEachTime(ChannelTransport transport) {
    ChannelProvider provider = TestTransports.provider(transport, config);
    ChannelAddr any = TestTransports.any(transport);
    try (Rx<String> first = provider.serve(any, ChannelCodec.utf8());
        Rx<String> second =
            provider.serve(
                transport == ChannelTransport.UNIX ? ChannelAddr.any(transport) : any,
                ChannelCodec.utf8())) {
      assertThat(first.addr()).isNotEqualTo(second.addr());
    }
  }
}
