package io.hyperactor.internal.agent;

import io.hyperactor.ActorTree;
import io.hyperactor.ref.OncePortRef;

/** The messages a caller in any JVM sends to a proc's {@link AgentGateway}. */
public final class GatewayMessages {
  private GatewayMessages() {}

  /** Requests to the gateway. */
  public sealed interface GatewayMsg permits SpawnActor, ListActors {}

  /**
   * Asks the proc agent to create resource {@code name} from spawnable type {@code typeName} with
   * {@code params} (encoded by the codec registry); answered once the agent reports the resource's
   * status.
   */
  public record SpawnActor(
      String name, String typeName, byte[] params, long rank, OncePortRef<SpawnedActor> reply)
      implements GatewayMsg {}

  /** Asks for every actor on the proc with its status. */
  public record ListActors(OncePortRef<ActorTree> reply) implements GatewayMsg {}
}
