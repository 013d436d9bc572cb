package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.DuplexServer;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendException;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Peers whose {@code codec_max_frame_length} differ (64 KiB and 16 MiB): a message over either
 * side's limit is refused alone, whatever the two limits are, and the link carries the messages
 * before and after it, in order.
 */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FrameLimitTest {
  private static final long SMALL = 64 * 1024;
  private static final long LARGE = 16 * 1024 * 1024;
  private static final int KIB = 1024;
  private static final int MIB = 1024 * 1024;

  /** The sizes each test sends, in order: 1 KiB, 1 MiB, 1 KiB, 8 MiB, 1 KiB, 1 KiB. */
  private static final int[] SIZES = {KIB, MIB, KIB, 8 * MIB, KIB, KIB};

  private static GrpcChannelProvider provider(long maxFrameLength) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, maxFrameLength);
    return new GrpcChannelProvider(config);
  }

  /** A message of {@code size} bytes whose first byte numbers it. */
  private static byte[] message(int index, int size) {
    byte[] m = new byte[size];
    m[0] = (byte) index;
    return m;
  }

  /**
   * Sends {@link #SIZES} on {@code tx}, then checks that exactly the ones over {@code limit} came
   * back oversized and that {@code rx} received the others, in order.
   */
  private static void exchange(Tx<byte[]> tx, Rx<byte[]> rx, long limit) throws Exception {
    List<CompletableFuture<Void>> outcomes = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      outcomes.add(tx.send(message(i, SIZES[i])));
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      if (SIZES[i] <= limit) {
        expected.add(i);
      }
    }
    List<Integer> received = new ArrayList<>();
    for (int n = 0; n < expected.size(); n++) {
      byte[] m = rx.recv();
      assertThat(m.length).isEqualTo(SIZES[m[0]]);
      received.add((int) m[0]);
    }
    assertThat(received).containsExactlyElementsIn(expected).inOrder();
    for (int i = 0; i < SIZES.length; i++) {
      if (SIZES[i] <= limit) {
        outcomes.get(i).get(30, SECONDS);
        continue;
      }
      int index = i;
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> outcomes.get(index).get(30, SECONDS));
      SendException refused = (SendException) e.getCause();
      assertWithMessage("message %s: %s", i, refused.getMessage())
          .that(refused.kind())
          .isEqualTo(ChannelException.Kind.OVERSIZED_FRAME);
      assertThat(refused)
          .hasMessageThat()
          .contains("rejecting oversize frame: len=" + SIZES[i] + " > max=" + limit);
    }
    assertThat(tx.status()).isEqualTo(LinkStatus.active());
    assertThat(rx.recv(java.time.Duration.ofMillis(100))).isEmpty();
  }

  @Test
  void aLargeSenderToASmallReceiver() throws Exception {
    try (Rx<byte[]> rx =
            provider(SMALL)
                .serve(ChannelAddr.anyLocalhost(ChannelTransport.TCP), ChannelCodec.bytes());
        Tx<byte[]> tx = provider(LARGE).dial(rx.addr(), ChannelCodec.bytes(), e -> {})) {
      exchange(tx, rx, SMALL);
      // And again on the established link, where the receiver's limit is known.
      exchange(tx, rx, SMALL);
    }
  }

  @Test
  void aSmallSenderToALargeReceiver() throws Exception {
    try (Rx<byte[]> rx =
            provider(LARGE)
                .serve(ChannelAddr.anyLocalhost(ChannelTransport.TCP), ChannelCodec.bytes());
        Tx<byte[]> tx = provider(SMALL).dial(rx.addr(), ChannelCodec.bytes(), e -> {})) {
      exchange(tx, rx, SMALL);
    }
  }

  private static void duplex(long acceptorLimit, long initiatorLimit) throws Exception {
    try (DuplexServer<byte[], byte[]> server =
            provider(acceptorLimit)
                .serveDuplex(
                    ChannelAddr.anyLocalhost(ChannelTransport.TCP),
                    ChannelCodec.bytes(),
                    ChannelCodec.bytes());
        DuplexLink<byte[], byte[]> client =
            provider(initiatorLimit)
                .dialDuplex(server.addr(), ChannelCodec.bytes(), ChannelCodec.bytes(), e -> {})) {
      client.tx().post(message(0, 1));
      DuplexLink<byte[], byte[]> session = server.accept();
      assertThat(session.rx().recv()).isEqualTo(message(0, 1));
      exchange(client.tx(), session.rx(), SMALL);
      exchange(session.tx(), client.rx(), SMALL);
    }
  }

  @Test
  void bothDirectionsOfADuplexLinkWithASmallAcceptor() throws Exception {
    // Up: the acceptor's limit, from its Accept. Down: the acceptor's own limit.
    duplex(SMALL, LARGE);
  }

  @Test
  void bothDirectionsOfADuplexLinkWithASmallInitiator() throws Exception {
    // Up: the initiator's own limit. Down: the initiator's limit, from its Hello.
    duplex(LARGE, SMALL);
  }
}
