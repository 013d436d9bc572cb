package io.hyperactor.inject;

import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.runtime.ActorSystem;
import java.util.concurrent.CompletableFuture;

/** What a proc-manager module contributes: how the runtime opens its host. */
interface ProcManagerChoice {

  /** The installing module's name, for wiring errors. */
  String moduleName();

  /** The kind of proc manager this choice makes. */
  ProcManagerKind kind();

  /** Opens a host of {@code system} on {@code transport}; the system closes it. */
  RuntimeHost<?> open(ActorSystem system, ChannelTransport transport);

  /** Starts a host mesh of {@code hosts} hosts of {@code system}, made as this choice makes procs. */
  CompletableFuture<HostMesh> spawnHostMesh(ActorSystem system, int hosts);
}
