package io.hyperactor.internal.agent;

import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.ActorCell;
import io.hyperactor.ActorTree;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.UnionProtocol;
import io.hyperactor.internal.agent.GatewayMessages.GatewayMsg;
import io.hyperactor.internal.agent.GatewayMessages.ListActors;
import io.hyperactor.internal.agent.GatewayMessages.SpawnActor;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A system actor next to each proc's agent that relays creation requests from other JVMs to the
 * agent's resource protocol and reports the proc's actors.
 *
 * <p>The resource protocol's messages carry types that do not cross channels, so remote callers
 * speak to this gateway with plain records; the agent still does the spawning, from its spawnable
 * registry only.
 */
public final class AgentGateway implements Actor<GatewayMsg>, UnionProtocol {
  /** The gateway's actor name on every proc that has an agent. */
  public static final String NAME = "agent_gateway";
  private static final Duration AGENT_REPLY_TIMEOUT = Duration.ofSeconds(30);

  private final PeerAuthorization authorization;

  /**
   * Spawns the gateway next to {@code proc}'s already booted agent; {@code config} decides who may
   * spawn through it ({@link PeerAuthorization}).
   */
  public static void boot(Proc proc, HyperactorConfig config) {
    proc.spawn(NAME, new AgentGateway(PeerAuthorization.from(config)));
  }

  private AgentGateway(PeerAuthorization authorization) {
    this.authorization = authorization;
  }

  @Override
  public ImmutableSet<Class<?>> messageTypes() {
    return ImmutableSet.of(GatewayMsg.class);
  }

  /**
   * A spawn from a peer that may not use the agent's privileged operations is refused here: the
   * gateway asks its agent from within the process, where every sender is trusted.
   */
  @Override
  public @Nullable String refusal(Object message, Map<String, String> headers) {
    return message instanceof SpawnActor
        ? authorization.refusal(NAME, "spawn", headers)
        : null;
  }

  @Override
  public void init(Instance<GatewayMsg> self) {
    self.setSystem();
  }

  @Override
  public void handle(Context<GatewayMsg> cx, GatewayMsg message) throws Exception {
    switch (message) {
      case SpawnActor s -> s.reply().send(cx, spawn(cx, s));
      case ListActors l -> l.reply().send(cx, tree(cx.proc(), cx.selfId()));
    }
  }

  private static SpawnedActor spawn(Context<GatewayMsg> cx, SpawnActor request)
      throws Exception {
    long pid = ProcessHandle.current().pid();
    ResourceId id;
    try {
      id = ResourceId.singleton(request.name());
    } catch (IllegalArgumentException e) {
      return new SpawnedActor(
          cx.proc().procId().actorId(ResourceId.DEFAULT_LABEL),
          "Failed(invalid actor name '" + request.name() + "': " + e.getMessage() + ")",
          pid);
    }
    ActorRef<Object> agent =
        ActorRef.attest(cx.proc().procId().actorId(ProcAgent.PROC_AGENT_ACTOR_NAME));
    agent.send(
        cx,
        new CreateOrUpdate<>(
            id, Rank.of(request.rank()), new ActorSpec(request.typeName(), request.params())));
    // The agent handles messages in order, so this state reflects the creation.
    PortReceiver<State<ActorState>> states = cx.openPort();
    try {
      agent.send(cx, new GetState<ActorState>(id, states.handle().bind()));
      State<ActorState> state = states.recv(AGENT_REPLY_TIMEOUT);
      ActorId actorId =
          state.payload().map(ActorState::actorId).orElse(cx.proc().procId().actorId(id.toString()));
      return new SpawnedActor(actorId, state.status().toString(), pid);
    } finally {
      states.close();
    }
  }

  private static ActorTree tree(Proc proc, ActorId self) {
    List<ActorTree.Entry> entries = new ArrayList<>();
    List<ActorCell> roots = new ArrayList<>();
    for (ActorId root : proc.rootActorIds()) {
      proc.getInstance(root).ifPresent(roots::add);
    }
    // Oldest first: the agent, this gateway, then the application's actors.
    roots.sort(Comparator.comparing(ActorCell::createdAt));
    for (ActorCell root : roots) {
      walk(proc, self, root, 0, entries);
    }
    return new ActorTree(proc.procId(), ProcessHandle.current().pid(), entries);
  }

  private static void walk(
      Proc proc, ActorId self, ActorCell cell, int depth, List<ActorTree.Entry> out) {
    // The gateway is busy answering this very query; its handler name would only be noise.
    String status =
        cell.actorId().equals(self) ? "answering this query" : cell.status().toString();
    out.add(new ActorTree.Entry(cell.actorId(), depth, status, cell.isSystem()));
    for (ActorId child : cell.childActorIds()) {
      Optional<ActorCell> childCell = proc.getInstance(child);
      childCell.ifPresent(c -> walk(proc, self, c, depth + 1, out));
    }
  }
}
