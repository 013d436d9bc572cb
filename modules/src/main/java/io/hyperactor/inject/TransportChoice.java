package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelTransport;

/** The transport a transport module selected, with the module's name for error messages. */
record TransportChoice(String moduleName, ChannelTransport transport) {
  TransportChoice {
    checkNotNull(moduleName, "moduleName");
    checkNotNull(transport, "transport");
  }
}
