package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The address keys: {@code remote_alloc_bind_to_inaddr_any}, {@code
 * remote_alloc_allowed_port_range}, {@code advertise_hostname} and {@code host_addr}.
 */
class AddressKeysTest {

  private static HyperactorConfig file(String hocon) {
    return HyperactorConfig.load(Map.of(), ConfigFactory.parseString(hocon));
  }

  @Test
  void portRangeExcludesItsUpperEndLikeUpstream() {
    PortRange range = PortRange.parse("26600..26610");
    assertThat(range).isEqualTo(new PortRange(26600, 26609));
    assertThat(range.size()).isEqualTo(10);
    assertThat(range.contains(26609)).isTrue();
    assertThat(range.contains(26610)).isFalse();
  }

  @Test
  void portRangeWithEqualsIncludesItsUpperEnd() {
    assertThat(PortRange.parse("26600..=26600")).isEqualTo(new PortRange(26600, 26600));
    assertThat(PortRange.parse(" 1 ..= 65535 ")).isEqualTo(new PortRange(1, 65535));
  }

  @Test
  void portRangeTextRoundTrips() {
    PortRange range = PortRange.parse("26600..26610");
    assertThat(range.toString()).isEqualTo("26600..=26609");
    assertThat(PortRange.parse(range.toString())).isEqualTo(range);
  }

  @Test
  void malformedPortRangesAreRefusedNamingTheText() {
    for (String bad :
        new String[] {"26600", "26600-26610", "a..b", "0..10", "10..70000", "26610..26600", "5..5"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PortRange.parse(bad));
      assertThat(e).hasMessageThat().contains("'" + bad + "'");
      assertThat(e).hasMessageThat().contains("port range");
    }
  }

  @Test
  void portRangeKeyIsUnsetByDefaultAndReadFromEnvAndFile() {
    assertThat(HyperactorConfig.defaultsOnly().get(HyperactorAttrs.REMOTE_ALLOC_ALLOWED_PORT_RANGE))
        .isEmpty();
    HyperactorConfig env =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_REMOTE_ALLOC_ALLOWED_PORT_RANGE", "26600..26602"),
            ConfigFactory.empty());
    assertThat(env.get(HyperactorAttrs.REMOTE_ALLOC_ALLOWED_PORT_RANGE))
        .hasValue(new PortRange(26600, 26601));
    assertThat(
            file("hyperactor.remote_alloc_allowed_port_range = \"7000..=7001\"")
                .get(HyperactorAttrs.REMOTE_ALLOC_ALLOWED_PORT_RANGE))
        .hasValue(new PortRange(7000, 7001));
  }

  @Test
  void badPortRangeKeyNamesTheKeyAndTheValue() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> file("hyperactor.remote_alloc_allowed_port_range = \"7000-7001\""));
    assertThat(e).hasMessageThat().contains("remote_alloc_allowed_port_range");
    assertThat(e).hasMessageThat().contains("7000-7001");
  }

  @Test
  void advertiseHostnameTakesNamesAndAddresses() {
    assertThat(
            file("hyperactor.advertise_hostname = \"hyperactor-host-0.hyperactor-hosts\"")
                .get(HyperactorAttrs.ADVERTISE_HOSTNAME))
        .hasValue("hyperactor-host-0.hyperactor-hosts");
    assertThat(
            file("hyperactor.advertise_hostname = \"::1\"").get(HyperactorAttrs.ADVERTISE_HOSTNAME))
        .hasValue("::1");
    assertThat(HyperactorConfig.defaultsOnly().get(HyperactorAttrs.ADVERTISE_HOSTNAME)).isEmpty();
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> file("hyperactor.advertise_hostname = \"not a host\""));
    assertThat(e).hasMessageThat().contains("advertise_hostname");
    assertThat(e).hasMessageThat().contains("not a host");
  }

  @Test
  void hostAddrIsAChannelAddress() {
    assertThat(file("hyperactor.host_addr = \"tcp:[::]:26600\"").get(HyperactorAttrs.HOST_ADDR))
        .isEqualTo(Optional.of("tcp:[::]:26600"));
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class, () -> file("hyperactor.host_addr = \"0.0.0.0:26600\""));
    assertThat(e).hasMessageThat().contains("host_addr");
    assertThat(e).hasMessageThat().contains("0.0.0.0:26600");
  }

  @Test
  void addressKeysPropagateToChildrenExceptTheHostAddress() {
    assertThat(HyperactorAttrs.REMOTE_ALLOC_BIND_TO_INADDR_ANY.propagates()).isTrue();
    assertThat(HyperactorAttrs.REMOTE_ALLOC_ALLOWED_PORT_RANGE.propagates()).isTrue();
    assertThat(HyperactorAttrs.ADVERTISE_HOSTNAME.propagates()).isTrue();
    assertThat(HyperactorAttrs.HOST_ADDR.propagates()).isFalse();
    HyperactorConfig parent =
        file(
            "hyperactor { remote_alloc_bind_to_inaddr_any = true,"
                + " remote_alloc_allowed_port_range = \"7000..7010\","
                + " advertise_hostname = localhost, host_addr = \"tcp:0.0.0.0:7000\" }");
    HyperactorConfig child = HyperactorConfig.restoreInChild(parent.serializeForChild(), Map.of());
    assertThat(child.get(HyperactorAttrs.REMOTE_ALLOC_BIND_TO_INADDR_ANY)).isTrue();
    assertThat(child.get(HyperactorAttrs.REMOTE_ALLOC_ALLOWED_PORT_RANGE))
        .hasValue(new PortRange(7000, 7009));
    assertThat(child.get(HyperactorAttrs.ADVERTISE_HOSTNAME)).hasValue("localhost");
    assertThat(child.get(HyperactorAttrs.HOST_ADDR)).isEmpty();
  }
}
