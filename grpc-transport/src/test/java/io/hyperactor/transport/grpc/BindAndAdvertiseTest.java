package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Served TCP channels bind one address and advertise another by the address keys ({@code
 * remote_alloc_bind_to_inaddr_any}, {@code advertise_hostname}, {@code
 * remote_alloc_allowed_port_range}), over real sockets, IPv4 and IPv6.
 */
@ExtendWith(TestTransports.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BindAndAdvertiseTest {

  private static GrpcChannelProvider provider(Map<String, String> env) {
    return new GrpcChannelProvider(HyperactorConfig.load(env, ConfigFactory.empty()));
  }

  private static void roundTrip(GrpcChannelProvider provider, Rx<String> rx) throws Exception {
    try (Tx<String> tx = provider.dial(rx.addr(), ChannelCodec.utf8(), e -> {})) {
      tx.post("hello");
      assertThat(rx.recv()).isEqualTo("hello");
    }
  }

  /** True when a plain TCP connection to {@code ip:port} is accepted. */
  private static boolean accepts(InetAddress ip, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(ip, port), 10_000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  private static int port(ChannelAddr addr) {
    return ((ChannelAddr.Tcp) addr).address().getPort();
  }

  private static InetAddress ip(ChannelAddr addr) {
    return ((ChannelAddr.Tcp) addr).address().getAddress();
  }

  private static boolean hasIpv6Loopback() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void wildcardBoundChannelAdvertisingLocalhostIsReachableByThatName() throws Exception {
    GrpcChannelProvider provider =
        provider(
            Map.of(
                "HYPERACTOR_REMOTE_ALLOC_BIND_TO_INADDR_ANY", "true",
                "HYPERACTOR_ADVERTISE_HOSTNAME", "localhost"));
    try (Rx<String> rx = provider.serve(ChannelAddr.any(ChannelTransport.TCP), ChannelCodec.utf8())) {
      assertThat(ip(rx.addr())).isEqualTo(InetAddress.getByName("localhost"));
      roundTrip(provider, rx);
      // Bound to the wildcard: another loopback address of this machine reaches it too.
      assertThat(accepts(InetAddress.getByName("127.0.0.2"), port(rx.addr()))).isTrue();
    }
  }

  @Test
  void withoutInaddrAnyTheAdvertisedAddressAloneIsBound() throws Exception {
    GrpcChannelProvider provider = provider(Map.of("HYPERACTOR_ADVERTISE_HOSTNAME", "127.0.0.1"));
    try (Rx<String> rx = provider.serve(ChannelAddr.any(ChannelTransport.TCP), ChannelCodec.utf8())) {
      assertThat(rx.addr().toString()).startsWith("tcp:127.0.0.1:");
      roundTrip(provider, rx);
      assertThat(accepts(InetAddress.getByName("127.0.0.2"), port(rx.addr()))).isFalse();
    }
  }

  @Test
  void anExplicitWildcardAdvertisesTheAdvertiseHostname() throws Exception {
    GrpcChannelProvider provider = provider(Map.of("HYPERACTOR_ADVERTISE_HOSTNAME", "localhost"));
    try (Rx<String> rx = provider.serve(ChannelAddr.parse("tcp:0.0.0.0:0"), ChannelCodec.utf8())) {
      assertThat(ip(rx.addr())).isEqualTo(InetAddress.getByName("localhost"));
      roundTrip(provider, rx);
    }
  }

  @Test
  void portRangeIsHonouredAndItsExhaustionNamesTheKey() throws Exception {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    GrpcChannelProvider provider =
        provider(Map.of("HYPERACTOR_REMOTE_ALLOC_ALLOWED_PORT_RANGE", free + "..=" + free));
    try (Rx<String> rx = provider.serve(ChannelAddr.parse("tcp:127.0.0.1:0"), ChannelCodec.utf8())) {
      assertThat(rx.addr()).isEqualTo(ChannelAddr.parse("tcp:127.0.0.1:" + free));
      roundTrip(provider, rx);
      ChannelException e =
          assertThrows(
              ChannelException.class,
              () -> provider.serve(ChannelAddr.parse("tcp:127.0.0.1:0"), ChannelCodec.utf8()));
      assertThat(e)
          .hasMessageThat()
          .contains("every port of remote_alloc_allowed_port_range = " + free + "..=" + free);
    }
  }

  @Test
  void ipv6LoopbackChannelsServeAndRoundTrip() throws Exception {
    assumeTrue(hasIpv6Loopback(), "this machine has no ::1");
    GrpcChannelProvider provider = provider(Map.of());
    try (Rx<String> rx = provider.serve(ChannelAddr.parse("tcp:[::1]:0"), ChannelCodec.utf8())) {
      assertThat(rx.addr().toString()).startsWith("tcp:[::1]:");
      assertThat(ChannelAddr.parse(rx.addr().toString())).isEqualTo(rx.addr());
      roundTrip(provider, rx);
    }
  }

  @Test
  void ipv6AdvertisedAddressBindsTheIpv6Wildcard() throws Exception {
    assumeTrue(hasIpv6Loopback(), "this machine has no ::1");
    GrpcChannelProvider provider =
        provider(
            Map.of(
                "HYPERACTOR_REMOTE_ALLOC_BIND_TO_INADDR_ANY", "true",
                "HYPERACTOR_ADVERTISE_HOSTNAME", "::1"));
    try (Rx<String> rx = provider.serve(ChannelAddr.any(ChannelTransport.TCP), ChannelCodec.utf8())) {
      assertThat(rx.addr().toString()).startsWith("tcp:[::1]:");
      roundTrip(provider, rx);
      assertThat(accepts(InetAddress.getByName("::1"), port(rx.addr()))).isTrue();
    }
  }
}
