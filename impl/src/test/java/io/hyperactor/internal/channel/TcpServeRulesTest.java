package io.hyperactor.internal.channel;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.PortRange;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a TCP serve binds and what it advertises, and how it walks the allowed port range. */
class TcpServeRulesTest {
  private static final InetAddress WILDCARD4 = ip("0.0.0.0");
  private static final InetAddress WILDCARD6 = ip("::");

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static InetAddress machine() {
    return ((ChannelAddr.Tcp) ChannelAddr.any(ChannelTransport.TCP)).address().getAddress();
  }

  /** A loopback address that is not this machine's hostname address. */
  private static InetAddress otherLoopback() {
    return machine().equals(ip("127.0.0.2")) ? ip("127.0.0.3") : ip("127.0.0.2");
  }

  /** A binder that records each address tried and refuses the ports in {@code inUse}. */
  private static final class FakeBinder implements TcpServeRules.Binder<InetSocketAddress> {
    final List<InetSocketAddress> tried = new ArrayList<>();
    final Set<Integer> inUse;

    FakeBinder(Set<Integer> inUse) {
      this.inUse = inUse;
    }

    @Override
    public InetSocketAddress bind(InetSocketAddress address) throws IOException {
      tried.add(address);
      if (inUse.contains(address.getPort())) {
        throw new IOException("bind failed", new BindException("Address already in use"));
      }
      return address;
    }
  }

  private static TcpServeRules.Bound<InetSocketAddress> serve(
      TcpServeRules rules, String addr, FakeBinder binder) {
    return rules.bind((ChannelAddr.Tcp) ChannelAddr.parse(addr), binder, InetSocketAddress::getPort);
  }

  @Test
  void rulesAreReadFromTheAddressKeys() {
    HyperactorConfig config =
        HyperactorConfig.load(
            Map.of(
                "HYPERACTOR_REMOTE_ALLOC_BIND_TO_INADDR_ANY", "true",
                "HYPERACTOR_REMOTE_ALLOC_ALLOWED_PORT_RANGE", "7000..7003",
                "HYPERACTOR_ADVERTISE_HOSTNAME", "localhost"),
            com.typesafe.config.ConfigFactory.empty());
    assertThat(TcpServeRules.from(config))
        .isEqualTo(new TcpServeRules(true, Optional.of(new PortRange(7000, 7002)), Optional.of("localhost")));
    assertThat(TcpServeRules.from(HyperactorConfig.defaultsOnly())).isEqualTo(TcpServeRules.asAsked());
  }

  @Test
  void portRangeTakesTheFirstFreePortInOrder() {
    TcpServeRules rules = new TcpServeRules(false, Optional.of(new PortRange(7000, 7004)), Optional.empty());
    FakeBinder binder = new FakeBinder(Set.of(7000, 7001));
    TcpServeRules.Bound<InetSocketAddress> bound = serve(rules, "tcp:127.0.0.1:0", binder);
    assertThat(binder.tried.stream().map(InetSocketAddress::getPort).toList())
        .containsExactly(7000, 7001, 7002)
        .inOrder();
    assertThat(bound.advertised()).isEqualTo(ChannelAddr.parse("tcp:127.0.0.1:7002"));
  }

  @Test
  void exhaustedPortRangeNamesTheKeyAndTheRange() {
    TcpServeRules rules = new TcpServeRules(false, Optional.of(new PortRange(7000, 7002)), Optional.empty());
    FakeBinder binder = new FakeBinder(Set.of(7000, 7001, 7002));
    ChannelException e =
        assertThrows(ChannelException.class, () -> serve(rules, "tcp:127.0.0.1:0", binder));
    assertThat(e.kind()).isEqualTo(ChannelException.Kind.IO);
    assertThat(e).hasMessageThat().contains("remote_alloc_allowed_port_range = 7000..=7002");
    assertThat(e).hasMessageThat().contains("3 ports");
    assertThat(binder.tried).hasSize(3);
  }

  @Test
  void aBindFailureOtherThanAPortInUseEndsTheWalk() {
    TcpServeRules rules = new TcpServeRules(false, Optional.of(new PortRange(7000, 7002)), Optional.empty());
    List<InetSocketAddress> tried = new ArrayList<>();
    ChannelException e =
        assertThrows(
            ChannelException.class,
            () ->
                rules.bind(
                    (ChannelAddr.Tcp) ChannelAddr.parse("tcp:127.0.0.1:0"),
                    address -> {
                      tried.add(address);
                      throw new IOException("Permission denied");
                    },
                    (InetSocketAddress a) -> a.getPort()));
    assertThat(tried).hasSize(1);
    assertThat(e).hasMessageThat().contains("Permission denied");
    assertThat(e).hasMessageThat().contains("tcp:127.0.0.1:0");
  }

  @Test
  void anExplicitPortIsBoundAsAskedWhateverTheRange() {
    TcpServeRules rules = new TcpServeRules(false, Optional.of(new PortRange(7000, 7002)), Optional.empty());
    FakeBinder binder = new FakeBinder(Set.of());
    assertThat(serve(rules, "tcp:127.0.0.1:9123", binder).advertised())
        .isEqualTo(ChannelAddr.parse("tcp:127.0.0.1:9123"));
    assertThat(binder.tried).containsExactly(new InetSocketAddress(ip("127.0.0.1"), 9123));
  }

  @Test
  void anExplicitWildcardAdvertisesTheAdvertiseHostname() {
    TcpServeRules rules = new TcpServeRules(false, Optional.empty(), Optional.of("localhost"));
    assertThat(rules.plan(WILDCARD4))
        .isEqualTo(new TcpServeRules.Plan(WILDCARD4, ip("localhost")));
    assertThat(rules.plan(WILDCARD6))
        .isEqualTo(new TcpServeRules.Plan(WILDCARD6, ip("localhost")));
  }

  @Test
  void anExplicitWildcardWithoutAdvertiseHostnameAdvertisesTheMachineAddress() {
    assertThat(TcpServeRules.asAsked().plan(WILDCARD4))
        .isEqualTo(new TcpServeRules.Plan(WILDCARD4, machine()));
  }

  @Test
  void bindToInaddrAnyBindsTheWildcardOfTheAdvertisedFamily() {
    TcpServeRules v4 = new TcpServeRules(true, Optional.empty(), Optional.of("127.0.0.1"));
    assertThat(v4.plan(machine())).isEqualTo(new TcpServeRules.Plan(WILDCARD4, ip("127.0.0.1")));
    TcpServeRules v6 = new TcpServeRules(true, Optional.empty(), Optional.of("::1"));
    assertThat(v6.plan(machine())).isEqualTo(new TcpServeRules.Plan(WILDCARD6, ip("::1")));
    TcpServeRules unnamed = new TcpServeRules(true, Optional.empty(), Optional.empty());
    assertThat(unnamed.plan(machine())).isEqualTo(new TcpServeRules.Plan(
        machine() instanceof java.net.Inet6Address ? WILDCARD6 : WILDCARD4, machine()));
  }

  @Test
  void theMachineAddressBindsTheAdvertiseHostnameWithoutInaddrAny() {
    TcpServeRules rules = new TcpServeRules(false, Optional.empty(), Optional.of("localhost"));
    assertThat(rules.plan(machine()))
        .isEqualTo(new TcpServeRules.Plan(ip("localhost"), ip("localhost")));
  }

  @Test
  void anExplicitLoopbackAddressStaysOnLoopback() {
    TcpServeRules rules = new TcpServeRules(true, Optional.empty(), Optional.of("::1"));
    InetAddress loopback = otherLoopback();
    assertThat(rules.plan(loopback)).isEqualTo(new TcpServeRules.Plan(loopback, loopback));
  }

  @Test
  void anExplicitAddressIsAsAskedWithoutInaddrAny() {
    TcpServeRules rules = new TcpServeRules(false, Optional.empty(), Optional.of("localhost"));
    InetAddress other = ip("10.1.2.3");
    assertThat(rules.plan(other)).isEqualTo(new TcpServeRules.Plan(other, other));
  }

  @Test
  void anAdvertiseHostnameThatDoesNotResolveIsAnErrorNamingTheKey() {
    TcpServeRules rules = new TcpServeRules(false, Optional.empty(), Optional.of("no-such-host.invalid"));
    ChannelException e =
        assertThrows(ChannelException.class, () -> serve(rules, "tcp:0.0.0.0:0", new FakeBinder(Set.of())));
    assertThat(e.kind()).isEqualTo(ChannelException.Kind.INVALID_ADDRESS);
    assertThat(e).hasMessageThat().contains("advertise_hostname = no-such-host.invalid");
  }
}
