package io.hyperactor.inject;

import com.google.inject.AbstractModule;
import io.hyperactor.channel.ChannelTransport;
import org.jspecify.annotations.Nullable;

/**
 * Selects the in-JVM {@code local} transport: the host and its procs talk through in-memory
 * channels. Only valid with {@link LocalProcManagerModule}.
 */
public final class LocalTransportModule extends AbstractModule {
  static final String NAME = "LocalTransportModule";

  @Override
  protected void configure() {
    HyperactorBinders.transportChoices(binder())
        .addBinding(NAME)
        .toInstance(new TransportChoice(NAME, ChannelTransport.LOCAL));
  }

  // Equal instances are installed once, so installing this module twice is harmless.
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LocalTransportModule;
  }

  @Override
  public int hashCode() {
    return LocalTransportModule.class.hashCode();
  }
}
