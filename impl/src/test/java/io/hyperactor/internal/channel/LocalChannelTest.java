package io.hyperactor.internal.channel;

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
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.SendException;
import io.hyperactor.channel.Tx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class LocalChannelTest {
  private final LocalChannelProvider provider = new LocalChannelProvider();
  private final Channels channels = Channels.of(provider);

  @Test
  void each_provider_has_its_own_address_space() throws Exception {
    Channels other = Channels.of(new LocalChannelProvider());
    try (Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED)) {
      ChannelException e = assertThrows(ChannelException.class, () -> other.dial(rx.addr(), UNUSED));
      assertThat(e).hasMessageThat().contains("no local channel is served there");
      try (Rx<Integer> same = other.serve(rx.addr(), UNUSED)) {
        assertThat(same.addr()).isEqualTo(rx.addr());
      }
    }
  }

  private static final ChannelCodec<Integer> UNUSED =
      new ChannelCodec<>() {
        @Override
        public byte[] encode(Integer message) {
          throw new AssertionError("local channels never encode");
        }

        @Override
        public Integer decode(byte[] bytes) {
          throw new AssertionError("local channels never decode");
        }
      };

  @Test
  void testLocalBasic() throws Exception {
    try (Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED);
        Tx<Integer> tx = channels.dial(rx.addr(), UNUSED)) {
      tx.post(123);
      assertThat(rx.recv()).isEqualTo(123);
    }
  }

  @Test
  void testLocalDialServe() throws Exception {
    ChannelAddr.Local reserved = provider.reserveAddr();
    try (Rx<Integer> rx = channels.serve(reserved, UNUSED);
        Tx<Integer> tx = channels.dial(reserved, UNUSED)) {
      assertThat(rx.addr()).isEqualTo(reserved);
      tx.post(1);
      tx.post(2);
      assertThat(rx.recv()).isEqualTo(1);
      assertThat(rx.recv()).isEqualTo(2);
    }
  }

  @Test
  void testLocalDrop() throws Exception {
    Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED);
    Tx<Integer> tx = channels.dial(rx.addr(), UNUSED);
    tx.post(123);
    assertThat(rx.recv()).isEqualTo(123);
    rx.close();

    CompletableFuture<SendError<Integer>> returned = new CompletableFuture<>();
    tx.post(456, returned::complete);
    SendError<Integer> error = returned.get(30, SECONDS);
    assertThat(error.message()).isEqualTo(456);
    assertThat(error.error().kind()).isEqualTo(ChannelException.Kind.CLOSED);
    assertThat(error.reason()).contains("receiver closed");
    assertThat(tx.status()).isEqualTo(new LinkStatus.Closed("receiver closed"));

    ChannelException dialError =
        assertThrows(ChannelException.class, () -> channels.dial(rx.addr(), UNUSED));
    assertThat(dialError).hasMessageThat().contains("no local channel is served there");
  }

  @Test
  void sendCompletesWhenTheReceiverTakesTheMessage() throws Exception {
    try (Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED);
        Tx<Integer> tx = channels.dial(rx.addr(), UNUSED)) {
      CompletableFuture<Void> acked = tx.send(7);
      assertThat(acked.isDone()).isFalse();
      assertThat(rx.recv()).isEqualTo(7);
      acked.get(30, SECONDS);
    }
  }

  @Test
  void messagesNotTakenComeBackWhenTheReceiverCloses() throws Exception {
    Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED);
    Tx<Integer> tx = channels.dial(rx.addr(), UNUSED);
    CompletableFuture<Void> pending = tx.send(1);
    rx.close();
    ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(30, SECONDS));
    assertThat(e.getCause()).isInstanceOf(SendException.class);
    assertThat(e.getCause())
        .hasMessageThat()
        .contains("receiver closed before the message was received");
    assertThat(((SendException) e.getCause()).error().message()).isEqualTo(1);
  }

  @Test
  void recvAfterCloseFailsWithClosed() throws Exception {
    Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED);
    rx.close();
    ChannelException e = assertThrows(ChannelException.class, rx::recv);
    assertThat(e.kind()).isEqualTo(ChannelException.Kind.CLOSED);
    assertThat(e).hasMessageThat().isEqualTo("channel " + rx.addr() + " is closed");
  }

  @Test
  void recvWithTimeoutIsEmptyWhenNothingArrives() throws Exception {
    try (Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED)) {
      assertThat(rx.recv(Duration.ofMillis(10))).isEmpty();
    }
  }

  @Test
  void bindingABoundAddressFailsNamingIt() {
    try (Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED)) {
      ChannelException e =
          assertThrows(ChannelException.class, () -> channels.serve(rx.addr(), UNUSED));
      assertThat(e.kind()).isEqualTo(ChannelException.Kind.INVALID_ADDRESS);
      assertThat(e)
          .hasMessageThat()
          .isEqualTo("local addr already bound: " + ((ChannelAddr.Local) rx.addr()).id());
    }
  }

  @Test
  void closedSenderFailsLaterPosts() throws Exception {
    try (Rx<Integer> rx = channels.serve(ChannelAddr.any(ChannelTransport.LOCAL), UNUSED)) {
      Tx<Integer> tx = channels.dial(rx.addr(), UNUSED);
      tx.close();
      assertThat(tx.whenClosed().get(30, SECONDS).reason()).isEqualTo("sender closed");
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> tx.send(1).get(30, SECONDS));
      assertThat(e.getCause()).hasMessageThat().contains("sender closed");
    }
  }
}
