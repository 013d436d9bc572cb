package io.hyperactor.testing;

import static com.google.common.truth.Truth.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeningSocketTest {

  private static ListeningSocket tcp(String address) {
    return ListeningSocket.ofThisJvm().stream()
        .filter(s -> s.kind().equals("TCP") && s.address().equals(address))
        .findFirst()
        .orElse(null);
  }

  @Test
  void seesATcpPortWhileItListensAndNotAfter() throws Exception {
    String address;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      address = "127.0.0.1:" + server.getLocalPort();
      assertThat(tcp(address)).isNotNull();
      // Connected sockets are not listening ones: the client's port is absent, and the accepted
      // socket, which shares the server's port, adds no entry.
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
          Socket accepted = server.accept()) {
        assertThat(accepted.isConnected()).isTrue();
        assertThat(
                ListeningSocket.ofThisJvm().stream()
                    .filter(s -> s.kind().equals("TCP"))
                    .map(ListeningSocket::address)
                    .filter(
                        a -> a.equals(address) || a.equals("127.0.0.1:" + client.getLocalPort()))
                    .toList())
            .containsExactly(address);
      }
    }
    assertThat(tcp(address)).isNull();
  }

  @Test
  void theJvmsAttachListenerOpenedByAToolIsNotCounted() throws Exception {
    long pid = ProcessHandle.current().pid();
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process tool =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.uptime")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(tool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(tool.exitValue()).isEqualTo(0);
    // The attach made the JVM listen on its attach socket; it is not reported as a leftover.
    assertThat(Path.of("/tmp/.java_pid" + pid).toFile().exists()).isTrue();
    assertThat(
            ListeningSocket.ofThisJvm().stream()
                .map(ListeningSocket::address)
                .filter(a -> a.contains(".java_pid"))
                .toList())
        .isEmpty();
  }

  @Test
  void decodesIpv6Addresses() throws Exception {
    InetAddress loopback6 = Inet6Address.getByName("::1");
    try (ServerSocket server = new ServerSocket()) {
      try {
        server.bind(new InetSocketAddress(loopback6, 0));
      } catch (java.io.IOException e) {
        return; // no IPv6 here
      }
      assertThat(tcp("[0:0:0:0:0:0:0:1]:" + server.getLocalPort())).isNotNull();
    }
  }

  @Test
  void seesAUnixSocketFileWhileItListens(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(file));
      ListeningSocket socket =
          ListeningSocket.ofThisJvm().stream()
              .filter(s -> s.address().equals(file.toString()))
              .findFirst()
              .orElseThrow();
      assertThat(socket.kind()).isEqualTo("Unix");
      assertThat(socket.isFile()).isTrue();
    }
    assertThat(ListeningSocket.ofThisJvm().stream().map(ListeningSocket::address).toList())
        .doesNotContain(file.toString());
  }
}
