package io.hyperactor.transport.grpc;

import io.hyperactor.channel.spi.ChannelProvider;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.Telemetry;
import io.hyperactor.internal.channel.TransportFactory;

/** Makes each actor system's {@code tcp} and {@code unix} channel provider; found by ServiceLoader. */
public final class GrpcTransportFactory implements TransportFactory {

  /** Called by {@link java.util.ServiceLoader}. */
  public GrpcTransportFactory() {}

  @Override
  public ChannelProvider create(HyperactorConfig config) {
    return new GrpcChannelProvider(config);
  }

  @Override
  public ChannelProvider create(HyperactorConfig config, Telemetry telemetry) {
    return new GrpcChannelProvider(config, telemetry);
  }
}
