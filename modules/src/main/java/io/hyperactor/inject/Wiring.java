package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.ProcManagerKind;
import java.util.Map;

/**
 * The proc manager and transport an injector's modules selected, validated when the injector is
 * created.
 */
record Wiring(ProcManagerChoice manager, TransportChoice transport) {
  Wiring {
    checkNotNull(manager, "manager");
    checkNotNull(transport, "transport");
  }

  /**
   * Checks that exactly one proc-manager module and one transport module are installed, and that
   * they work together.
   *
   * @throws IllegalStateException saying which modules to install
   */
  static Wiring validate(
      Map<String, ProcManagerChoice> managers, Map<String, TransportChoice> transports) {
    if (managers.size() != 1) {
      throw new IllegalStateException(
          "install exactly one of "
              + LocalProcManagerModule.NAME
              + " or "
              + ProcessProcManagerModule.NAME
              + " (found: "
              + found(managers)
              + ")");
    }
    if (transports.size() != 1) {
      throw new IllegalStateException(
          "install exactly one of "
              + LocalTransportModule.NAME
              + ", "
              + GrpcTransportModule.NAME
              + ".tcp(), "
              + GrpcTransportModule.NAME
              + ".tls() or "
              + GrpcTransportModule.NAME
              + ".unix() (found: "
              + found(transports)
              + ")");
    }
    ProcManagerChoice manager = managers.values().iterator().next();
    TransportChoice transport = transports.values().iterator().next();
    if (manager.kind() == ProcManagerKind.PROCESS
        && transport.transport() == ChannelTransport.LOCAL) {
      throw new IllegalStateException(
          ProcessProcManagerModule.NAME
              + " forks child JVMs, which cannot reach the host over the in-JVM local transport:"
              + " install "
              + GrpcTransportModule.NAME
              + ".unix() or "
              + GrpcTransportModule.NAME
              + ".tcp() instead of "
              + transport.moduleName());
    }
    return new Wiring(manager, transport);
  }

  private static String found(Map<String, ?> choices) {
    return choices.isEmpty() ? "none" : String.join(", ", ImmutableSortedSet.copyOf(choices.keySet()));
  }
}
