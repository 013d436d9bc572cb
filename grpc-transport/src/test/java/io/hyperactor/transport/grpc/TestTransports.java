package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertWithMessage;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.spi.ChannelProvider;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.channel.LocalChannelProvider;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Transports to parameterize tests over, and a check that tests leave no transport threads. */
final class TestTransports implements AfterEachCallback {

  /**
   * Every transport this machine supports that needs no certificates: local, tcp, and unix where
   * epoll is available. tls, which needs them, has its own tests ({@link TlsChannelTest}).
   */
  static Stream<ChannelTransport> all() {
    return ChannelTransport.all().stream()
        .filter(t -> t != ChannelTransport.TLS)
        .filter(t -> t != ChannelTransport.UNIX || GrpcResources.unixAvailable());
  }

  /** The network transports this machine supports. */
  static Stream<ChannelTransport> network() {
    return all().filter(t -> t != ChannelTransport.LOCAL);
  }

  /** A provider of {@code transport} that reads the channel keys from {@code config}. */
  static ChannelProvider provider(ChannelTransport transport, HyperactorConfig config) {
    return transport == ChannelTransport.LOCAL
        ? new LocalChannelProvider()
        : new GrpcChannelProvider(config);
  }

  /** An address to serve that binds something fresh on this machine only. */
  static ChannelAddr any(ChannelTransport transport) {
    return ChannelAddr.anyLocalhost(transport);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> alive;
    do {
      alive =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(name -> name.startsWith(GrpcResources.THREAD_PREFIX))
              .toList();
      if (alive.isEmpty()) {
        return;
      }
      Thread.sleep(10); // Polling for thread exit; correctness does not depend on this delay.
    } while (System.nanoTime() < deadline);
    assertWithMessage("transport threads left running after the test").that(alive).isEmpty();
  }
}
