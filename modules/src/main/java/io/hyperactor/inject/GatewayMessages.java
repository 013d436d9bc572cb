package io.hyperactor.inject;

import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.ref.OncePortRef;

/** The messages an application sends to a proc's {@link AgentGateway}, and their codecs. */
final class GatewayMessages {
  private GatewayMessages() {}

  /** Requests to the gateway. */
  sealed interface GatewayMsg permits SpawnActor, ListActors {}

  /**
   * Asks the proc agent to create resource {@code name} from spawnable type {@code typeName} with
   * {@code params}; answered once the agent reports the resource's status.
   */
  record SpawnActor(
      String name, String typeName, byte[] params, long rank, OncePortRef<SpawnedActor> reply)
      implements GatewayMsg {}

  /** Asks for every actor on the proc with its status. */
  record ListActors(OncePortRef<ActorTree> reply) implements GatewayMsg {}

  /** Registers the gateway's messages and answers. */
  static void register(CodecRegistry.Builder codecs) {
    codecs
        .sealed("hyperactor.inject.GatewayMsg", GatewayMsg.class)
        .record("hyperactor.inject.SpawnedActor", SpawnedActor.class)
        .record("hyperactor.inject.ActorTree", ActorTree.class)
        .record("hyperactor.inject.ActorTree.Entry", ActorTree.Entry.class);
  }
}
