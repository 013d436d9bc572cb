package io.hyperactor.inject;

import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.runtime.ActorSystem;

/** What a proc-manager module contributes: how the runtime opens its host. */
interface ProcManagerChoice {

  /** The installing module's name, for wiring errors. */
  String moduleName();

  /** The kind of proc manager this choice makes. */
  ProcManagerKind kind();

  /** Opens a host of {@code system} on {@code transport}; the system closes it. */
  RuntimeHost<?> open(ActorSystem system, ChannelTransport transport);
}
