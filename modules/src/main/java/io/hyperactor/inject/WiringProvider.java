package io.hyperactor.inject;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Map;

/** Validates the installed choice modules; see {@link Wiring#validate}. */
final class WiringProvider implements Provider<Wiring> {
  private final Map<String, ProcManagerChoice> managers;
  private final Map<String, TransportChoice> transports;

  @Inject
  WiringProvider(
      Map<String, ProcManagerChoice> managers, Map<String, TransportChoice> transports) {
    this.managers = managers;
    this.transports = transports;
  }

  @Override
  public Wiring get() {
    return Wiring.validate(managers, transports);
  }
}
