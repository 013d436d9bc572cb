package io.hyperactor.internal.mesh;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.ResourceMessage;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StreamState;
import io.hyperactor.resource.WaitRankStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A proc agent that reports one actor whose status and events a test sets, and records every
 * resource message it receives.
 */
final class FakeProcAgent implements Actor<Object> {
  final BlockingQueue<ResourceMessage> received = new LinkedBlockingQueue<>();
  private final ActorId actor;
  private final int createRank;
  private volatile Status status = Status.RUNNING;
  private volatile List<ActorSupervisionEvent> events = List.of();
  private volatile long generation = 1;
  private final CompletableFuture<PortId> streamSubscriber = new CompletableFuture<>();
  private volatile boolean silent;

  FakeProcAgent(ActorId actor, int createRank) {
    this.actor = actor;
    this.createRank = createRank;
  }

  /** Sets what the agent reports from now on. */
  void set(Status status, List<ActorSupervisionEvent> events) {
    this.events = List.copyOf(events);
    this.status = status;
    generation++;
  }

  /** Makes the agent leave state queries unanswered, as one behind a partition. */
  void silence() {
    silent = true;
  }

  /**
   * The port of the first {@code StreamState} subscriber, once this agent handled it: the request
   * reaches the agent on its own thread, after its sender went on.
   */
  PortId awaitStreamSubscriber(Duration timeout) throws Exception {
    return streamSubscriber.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  State<ActorState> state(io.hyperactor.resource.ResourceId id) {
    return new State<>(id, status, new ActorState(actor, createRank, events), generation, Instant.now());
  }

  @Override
  public Class<?> messageType() {
    return Object.class;
  }

  @Override
  public void handle(Context<Object> cx, Object message) {
    if (!(message instanceof ResourceMessage m)) {
      return;
    }
    received.add(m);
    if (silent && (m instanceof GetState<?> || m instanceof KeepaliveGetState<?>)) {
      return;
    }
    switch (m) {
      case GetState<?> g -> cx.post(g.reply().portId(), state(g.id()));
      case KeepaliveGetState<?> k ->
          cx.post(k.getState().reply().portId(), state(k.getState().id()));
      case StreamState<?> s -> streamSubscriber.complete(s.subscriber().portId());
      case Stop s -> set(Status.STOPPED, List.of());
      case WaitRankStatus w ->
          cx.post(w.reply().portId(), StatusOverlay.single(0, status));
      default -> {}
    }
  }
}
