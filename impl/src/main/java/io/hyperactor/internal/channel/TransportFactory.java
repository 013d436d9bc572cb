package io.hyperactor.internal.channel;

import io.hyperactor.channel.spi.ChannelProvider;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.Telemetry;

/**
 * Makes the channel provider of a network transport for one actor system, configured from the
 * system's configuration.
 *
 * <p>Found with {@link java.util.ServiceLoader} (listed in {@code META-INF/services}); {@code
 * hyperactor-grpc-transport} provides the {@code tcp} and {@code unix} transports this way. The
 * {@code local} transport is not made here: every system has its own.
 */
public interface TransportFactory {

  /** A provider whose channels read their settings from {@code config}. */
  ChannelProvider create(HyperactorConfig config);

  /**
   * A provider whose channels read their settings from {@code config} and report to {@code
   * telemetry} (link reconnects); by default, one that reports nothing.
   */
  default ChannelProvider create(HyperactorConfig config, Telemetry telemetry) {
    return create(config);
  }
}
