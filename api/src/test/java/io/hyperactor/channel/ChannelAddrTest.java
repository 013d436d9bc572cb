package io.hyperactor.channel;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelAddrTest {

  @Test
  void testChannelAddr() throws Exception {
    assertThat(ChannelAddr.parse("local:123")).isEqualTo(new ChannelAddr.Local(123));
    assertThat(ChannelAddr.parse("tcp:127.0.0.1:8080"))
        .isEqualTo(ChannelAddr.Tcp.of(InetAddress.getByName("127.0.0.1"), 8080));
    assertThat(ChannelAddr.parse("tcp:[::1]:1234"))
        .isEqualTo(ChannelAddr.Tcp.of(InetAddress.getByName("::1"), 1234));
    assertThat(ChannelAddr.parse("unix:@yolo")).isEqualTo(ChannelAddr.Unix.abstractSocket("yolo"));
    assertThat(ChannelAddr.parse("unix:/cool/socket-path"))
        .isEqualTo(ChannelAddr.Unix.path("/cool/socket-path"));
    assertThat(ChannelAddr.parse("tcp!127.0.0.1:1"))
        .isEqualTo(ChannelAddr.parse("tcp:127.0.0.1:1"));

    assertThat(
            assertThrows(IllegalArgumentException.class, () -> ChannelAddr.parse("local:abc"))
                .getMessage())
        .contains("invalid channel address 'local:abc'");
    assertThat(
            assertThrows(
                    IllegalArgumentException.class, () -> ChannelAddr.parse("tcp:abcdef..123124"))
                .getMessage())
        .contains("invalid socket address syntax");
    assertThat(
            assertThrows(IllegalArgumentException.class, () -> ChannelAddr.parse("xxx:1"))
                .getMessage())
        .isEqualTo("invalid channel address 'xxx:1': no such channel type: xxx");
    assertThat(
            assertThrows(IllegalArgumentException.class, () -> ChannelAddr.parse("127.0.0.1"))
                .getMessage())
        .isEqualTo("invalid channel address '127.0.0.1': no channel type specified");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "local:0",
        "local:42",
        "tcp:127.0.0.1:8080",
        "tcp:[::1]:1234",
        "tcp:0.0.0.0:0",
        "unix:@yolo",
        "unix:/cool/socket-path",
        "tls:localhost:26600",
        "tls:host-0.hyperactor-hosts.default.svc.cluster.local:26600",
        "tls:10.0.0.7:0",
        "tls:[::1]:443",
        "tls:[fe80::1]:1"
      })
  void parseAndFormatRoundTrip(String text) {
    ChannelAddr addr = ChannelAddr.parse(text);
    assertThat(addr.toString()).isEqualTo(text);
    assertThat(ChannelAddr.parse(addr.toString())).isEqualTo(addr);
  }

  @Test
  void emptyUnixNameIsAFreshAbstractSocket() {
    ChannelAddr.Unix first = (ChannelAddr.Unix) ChannelAddr.parse("unix:");
    ChannelAddr.Unix second = (ChannelAddr.Unix) ChannelAddr.parse("unix:");
    assertThat(first.abstractName()).isTrue();
    assertThat(first.name()).matches("[A-Za-z0-9]{24}");
    assertThat(first).isNotEqualTo(second);
    assertThat(ChannelAddr.parse(first.toString())).isEqualTo(first);
  }

  @Test
  void emptyAbstractNameIsRejectedNamingTheInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChannelAddr.parse("unix:@"));
    assertThat(e).hasMessageThat().contains("'unix:@'");
    assertThat(e).hasMessageThat().contains("abstract unix socket name must not be empty");
  }

  @ParameterizedTest
  @EnumSource(ChannelTransport.class)
  void anyAddressBelongsToItsTransport(ChannelTransport transport) {
    ChannelAddr any = ChannelAddr.any(transport);
    assertThat(any.transport()).isEqualTo(transport);
    assertThat(ChannelAddr.parse(any.toString())).isEqualTo(any);
    switch (any) {
      case ChannelAddr.Local local -> assertThat(local.id()).isEqualTo(0);
      case ChannelAddr.Tcp tcp -> assertThat(tcp.isAnyPort()).isTrue();
      case ChannelAddr.Unix unix -> assertThat(unix.abstractName()).isTrue();
      case ChannelAddr.Tls tls -> assertThat(tls.isAnyPort()).isTrue();
    }
  }

  @Test
  void tlsAddressesKeepTheirHostName() {
    assertThat(ChannelAddr.parse("tls:host-0.hosts.default.svc:26600"))
        .isEqualTo(ChannelAddr.Tls.of("host-0.hosts.default.svc", 26600));
    assertThat(ChannelAddr.parse("tls:127.0.0.1:1")).isEqualTo(ChannelAddr.Tls.of("127.0.0.1", 1));
    // IPv6 is bracketed in text, bare in the record, and written in its canonical form.
    ChannelAddr.Tls v6 = (ChannelAddr.Tls) ChannelAddr.parse("tls:[0:0:0:0:0:0:0:1]:443");
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6.toString()).isEqualTo("tls:[::1]:443");
    assertThat(ChannelAddr.parse("tls:localhost:0").transport()).isEqualTo(ChannelTransport.TLS);
  }

  @Test
  void badTlsAddressesNameTheProblem() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> ChannelAddr.parse("tls:host")))
        .hasMessageThat()
        .isEqualTo(
            "invalid channel address 'tls:host': invalid socket address syntax 'host' (expected"
                + " host:port, an IPv6 address in brackets)");
    assertThat(
            assertThrows(IllegalArgumentException.class, () -> ChannelAddr.parse("tls:::1:80")))
        .hasMessageThat()
        .contains("invalid channel address 'tls:::1:80'");
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> ChannelAddr.parse("tls:bad_name:80")))
        .hasMessageThat()
        .contains("tls host 'bad_name' is neither an IP address nor a hostname");
    assertThat(
            assertThrows(IllegalArgumentException.class, () -> ChannelAddr.parse("tls:h:70000")))
        .hasMessageThat()
        .contains("invalid channel address 'tls:h:70000'");
  }

  @Test
  void anyLocalhostTlsNamesLocalhost() {
    ChannelAddr.Tls tls = (ChannelAddr.Tls) ChannelAddr.anyLocalhost(ChannelTransport.TLS);
    assertThat(tls.host()).isEqualTo("localhost");
    assertThat(tls.isAnyPort()).isTrue();
  }

  @Test
  void anyLocalhostTcpBindsLoopback() {
    ChannelAddr.Tcp tcp = (ChannelAddr.Tcp) ChannelAddr.anyLocalhost(ChannelTransport.TCP);
    assertThat(tcp.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(tcp.isAnyPort()).isTrue();
  }

  @Test
  void transportParseAndFormatRoundTrip() {
    for (ChannelTransport transport : ChannelTransport.all()) {
      assertThat(ChannelTransport.parse(transport.toString())).isEqualTo(transport);
    }
    assertThat(
            assertThrows(IllegalArgumentException.class, () -> ChannelTransport.parse("carrier"))
                .getMessage())
        .isEqualTo("unknown channel transport: carrier");
    assertThat(ChannelTransport.TCP.isRemote()).isTrue();
    assertThat(ChannelTransport.UNIX.isRemote()).isFalse();
    assertThat(ChannelTransport.TLS.isRemote()).isTrue();
    assertThat(ChannelTransport.parse("tls")).isEqualTo(ChannelTransport.TLS);
    assertThat(ChannelTransport.LOCAL.supportsDuplex()).isFalse();
  }

  @Test
  void resolveTurnsAHostNameIntoItsAddress() throws Exception {
    ChannelAddr addr = ChannelAddr.resolve("tcp:localhost:26600");
    assertThat(addr)
        .isEqualTo(ChannelAddr.Tcp.of(InetAddress.getByName("localhost"), 26600));
    assertThat(ChannelAddr.resolve("tcp!localhost:1").toString()).endsWith(":1");
  }

  @Test
  void resolveReadsEverythingElseAsParseDoes() {
    for (String text : new String[] {"tcp:127.0.0.1:80", "tcp:[::1]:80", "unix:@x", "local:3"}) {
      assertThat(ChannelAddr.resolve(text)).isEqualTo(ChannelAddr.parse(text));
    }
  }

  @Test
  void resolveRefusesANameThatDoesNotResolve() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChannelAddr.resolve("tcp:no-such-host.invalid:26600"));
    assertThat(e).hasMessageThat().contains("'tcp:no-such-host.invalid:26600'");
    assertThat(e).hasMessageThat().contains("does not resolve");
  }

  @Test
  void resolveRefusesMalformedAddressesAsParseDoes() {
    assertThrows(
        IllegalArgumentException.class, () -> ChannelAddr.resolve("tcp:localhost"));
    assertThrows(
        IllegalArgumentException.class, () -> ChannelAddr.resolve("nowhere"));
  }
}
