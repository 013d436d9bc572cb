package io.hyperactor.inject;

import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.mailbox.CodecRegistry;

/** How a proc-manager module builds the runtime's host. */
interface ProcManagerChoice {

  /** The installing module's name, for error messages. */
  String moduleName();

  /** The kind recorded in {@code hyperactor.proc_manager}. */
  ProcManagerKind kind();

  /** Builds a manager and a host on {@code transport}; the caller owns the host. */
  RuntimeHost<?> open(
      HyperactorConfig config,
      CodecRegistry codecs,
      SpawnableRegistry spawnables,
      ChannelTransport transport);
}
