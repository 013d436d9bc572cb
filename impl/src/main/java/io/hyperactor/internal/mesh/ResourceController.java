package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.Blocking;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Undeliverable;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.UnionProtocol;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetRankStatus;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.MeshState;
import io.hyperactor.resource.ResourceMessage;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StopAll;
import io.hyperactor.resource.StreamState;
import io.hyperactor.resource.WaitRankStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor that supervises one mesh: it polls and streams the per-rank states from the mesh's
 * agents, keeps the mesh's health, tells the owner and the subscribers about failures, answers
 * state queries, and stops the mesh when told to or when it stops itself.
 *
 * <p>Every {@code supervision_poll_frequency} it polls the agents, sending them a keepalive that
 * expires {@code mesh_orphan_timeout} later, so that the agents reap the mesh's actors or procs
 * when the controller is gone. A poll that notified nobody and found no rank terminating sends the
 * subscribers a heartbeat. Once every rank is terminating the loop ends. Handlers run one at a time
 * and a poll blocks the mailbox, so a {@code Stop} followed by a {@code GetState} reads the stop's
 * outcome.
 *
 * <p>Its protocol: {@link ControllerMessage}, and from the resource protocol {@link GetState}
 * (answered with {@code State<MeshState<String>>}: the mesh status, every rank's status, and the
 * display name), {@link Stop}, {@link WaitRankStatus} (forwarded to the agents), {@link
 * CreateOrUpdate} (ignored), and the streamed {@link State}s of the agents.
 *
 * @param <S> the per-rank payload of the agents' states
 */
@Blocking
final class ResourceController<S> implements Actor<Object>, UnionProtocol {
  /** The base name of an actor mesh's controller, a named child of the mesh's owner. */
  static final String ACTOR_MESH_CONTROLLER_NAME = "actor_mesh_controller";

  /** The base name of a proc mesh's controller. */
  static final String PROC_MESH_CONTROLLER_NAME = "proc_mesh_controller";

  private static final Logger log = LoggerFactory.getLogger(ResourceController.class);
  private static final ImmutableSet<Class<?>> MESSAGE_TYPES =
      ImmutableSet.of(ControllerMessage.class, ResourceMessage.class, State.class);

  private final Controlled<S> mesh;
  private final @Nullable String displayName;
  private final HealthState health;
  private final AtomicLong stalls = new AtomicLong();
  private @Nullable ControllerNotifier notifier;
  // A root instance for the queries: a named child such as this controller cannot have children
  // of its own, and the queries wait on child instances.
  private @Nullable ClientInstance queries;
  private boolean monitoring;

  /**
   * A controller of {@code mesh}, reporting failures to {@code owner} (if any), seeded with the
   * statuses the mesh had when it was created.
   */
  ResourceController(
      Controlled<S> mesh,
      @Nullable String displayName,
      @Nullable PortRef<MeshFailure> owner,
      ValueMesh<Status> initialStatuses) {
    this.mesh = checkNotNull(mesh, "mesh");
    this.displayName = displayName;
    this.health = new HealthState(checkNotNull(initialStatuses, "initialStatuses"), owner);
  }

  @Override
  public ImmutableSet<Class<?>> messageTypes() {
    return MESSAGE_TYPES;
  }

  @Override
  public String displayName() {
    return "ResourceController(" + mesh.meshName() + ")";
  }

  /** The name failures are reported under: the configured display name, or the mesh id. */
  String supervisionDisplayName() {
    return displayName != null ? displayName : mesh.id().toString();
  }

  /** How many poll ticks ran more than one period late; visible for tests. */
  long stalls() {
    return stalls.get();
  }

  @Override
  public void init(Instance<Object> self) {
    self.setSystem();
    int ttl =
        (int) Math.min(Integer.MAX_VALUE, config(self).get(HyperactorAttrs.MESSAGE_TTL_DEFAULT));
    notifier = new ControllerNotifier(self, health, ttl);
    queries = self.proc().instance(self.selfId().name() + "-" + self.selfId().pid() + "-queries");
    // Subscribe before monitoring starts, so the first poll does not race the stream's first state.
    mesh.subscribeToStream(self, PortRef.attest(self.port().portId()));
    monitoring = true;
    scheduleNextCheck(self);
    log.info(
        "started resource controller for {} with owner {}",
        mesh.id(),
        health.owner().map(o -> o.portId().toString()).orElse("None"));
  }

  @Override
  public void handle(Context<Object> cx, Object message) throws Exception {
    switch (message) {
      case ControllerMessage m -> onControllerMessage(cx, m);
      case ResourceMessage m -> onResource(cx, m);
      case State<?> s -> onStreamedState(cx, s);
      default -> throw new IllegalStateException("unexpected message " + message);
    }
  }

  private void onControllerMessage(Context<Object> cx, ControllerMessage message)
      throws InterruptedException {
    switch (message) {
      case ControllerMessage.Subscribe s -> onSubscribe(s.subscriber());
      case ControllerMessage.Unsubscribe u -> {
        if (health.unsubscribe(u.subscriber().portId())) {
          log.debug("unsubscribed {} from {}", u.subscriber().portId(), mesh.id());
        }
      }
      case ControllerMessage.GetSubscriberCount g ->
          cx.post(g.reply().portId(), health.subscribers().size(), g.reply().returnUndeliverable());
      case ControllerMessage.CheckState c -> onCheckState(cx, c.expected());
    }
  }

  private void onResource(Context<Object> cx, ResourceMessage message) throws Exception {
    switch (message) {
      case GetState<?> g -> onGetState(cx, g);
      case Stop s -> onStop(cx, s);
      case WaitRankStatus w -> mesh.forwardWaitRankStatus(cx, w);
      case CreateOrUpdate<?> c -> {
        // Accepted so the controller speaks the resource protocol; a mesh is created by its spawn.
      }
      case StopAll s -> onStop(cx, new Stop(mesh.id(), s.reason()));
      case KeepaliveGetState<?> k -> onGetState(cx, k.getState());
      case StreamState<?> s ->
          throw new IllegalArgumentException(
              "mesh controller of " + mesh.id() + " does not stream its own state");
      case GetRankStatus g ->
          throw new IllegalArgumentException(
              "mesh controller of " + mesh.id() + " has no rank status; ask with GetState");
    }
  }

  private void onSubscribe(PortRef<SupervisionNotice> subscriber) {
    Optional<Unhealthy> unhealthy = health.unhealthy();
    if (unhealthy.isPresent()) {
      // One replay listing every reported rank: a subscriber keeping the latest value would lose
      // all but the last of per-rank messages.
      MeshFailure last = unhealthy.get().failure();
      MeshFailure replay =
          new MeshFailure(last.actorMeshName(), last.event(), health.reportedRanks());
      notifier().sendSubscriberMessage(subscriber.portId(), new SupervisionNotice(replay));
    }
    if (health.subscribe(subscriber)) {
      log.debug("subscribed {} to {}", subscriber.portId(), mesh.id());
    }
  }

  private void onCheckState(Context<Object> cx, Instant expected) throws InterruptedException {
    if (!monitoring) {
      return;
    }
    checkStall(cx, expected);
    PollResult result = mesh.pollStates(queries(), supervisionDisplayName(), health, notifier());
    switch (result) {
      case PollResult.Reschedule r -> scheduleNextCheck(cx);
      case PollResult.Processed p -> {
        if (!p.didNotify() && !health.anyTerminating()) {
          notifier().sendHeartbeat();
        }
        if (!health.allTerminating()) {
          scheduleNextCheck(cx);
        } else {
          monitoring = false;
        }
      }
    }
  }

  private void checkStall(Instance<Object> self, Instant expected) {
    Duration period = config(self).get(HyperactorAttrs.SUPERVISION_POLL_FREQUENCY);
    if (PollTiming.isStalled(expected, Instant.now(), period)) {
      stalls.incrementAndGet();
      log.warn(
          "{} {}: Handler<CheckState> is stalled, expected at {}",
          mesh.stallMetric(),
          self.selfId(),
          expected);
    }
  }

  private void scheduleNextCheck(Instance<Object> self) {
    if (!monitoring) {
      return;
    }
    Duration period = config(self).get(HyperactorAttrs.SUPERVISION_POLL_FREQUENCY);
    self.selfMessageWithDelay(new ControllerMessage.CheckState(Instant.now().plus(period)), period);
  }

  private void onStreamedState(Context<Object> cx, State<?> state) {
    @SuppressWarnings("unchecked") // the agents stream the payload type this mesh subscribed to
    State<S> typed = (State<S>) state;
    mesh.processState(cx, typed, health, notifier());
    stopIfAllTerminating();
  }

  private void stopIfAllTerminating() {
    if (health.allTerminating()) {
      monitoring = false;
    }
  }

  /** The mesh's status as a whole: a latched crash, a latched stop, the end of monitoring. */
  Status meshStatus() {
    Optional<Unhealthy> unhealthy = health.unhealthy();
    if (unhealthy.isPresent()) {
      return switch (unhealthy.get()) {
        case Unhealthy.Crashed c -> new Status.Failed(c.failure().toString());
        case Unhealthy.StreamClosed s -> Status.STOPPED;
      };
    }
    return monitoring ? Status.RUNNING : Status.STOPPED;
  }

  private void onGetState(Context<Object> cx, GetState<?> get) {
    List<Status> statuses = new ArrayList<>(health.statusesByRank());
    if (statuses.size() != mesh.region().numRanks()) {
      throw new IllegalStateException(
          "mesh controller of "
              + mesh.id()
              + " tracks "
              + statuses.size()
              + " ranks, but its region "
              + mesh.region()
              + " has "
              + mesh.region().numRanks());
    }
    MeshState<String> state =
        new MeshState<>(ValueMesh.of(mesh.region(), statuses), supervisionDisplayName());
    cx.post(
        get.reply().portId(),
        new State<>(get.id(), meshStatus(), state, 0, Instant.now()),
        get.reply().returnUndeliverable());
  }

  private void onStop(Context<Object> cx, Stop stop) throws Exception {
    log.info("ResourceControllerStatus: stopping mesh {}: {}", mesh.id(), stop.reason());
    if (!monitoring) {
      log.debug("mesh {} is already stopped; ignoring the stop", mesh.id());
      return;
    }
    monitoring = false;
    mesh.handleStopRequest(queries(), supervisionDisplayName(), stop.reason(), health, notifier());
    log.info("stopped mesh {}", mesh.id());
  }

  @Override
  public void cleanup(Instance<Object> self, @Nullable Throwable cause) throws Exception {
    try {
      if (monitoring) {
        monitoring = false;
        log.info("resource controller of {} is stopping; stopping the mesh", mesh.id());
        mesh.cleanupStop(queries(), "resource controller cleanup");
      }
    } finally {
      if (queries != null) {
        queries.close();
      }
    }
  }

  /**
   * Drops a subscriber whose notice bounced; ignores a bounced request to an agent (the stream
   * subscription or a forwarded wait: the next poll sees the agent gone) and a bounced owner
   * notification (the owner is gone, and its stop stops this controller). Any other bounce fails
   * the controller, as for every actor.
   */
  @Override
  public void handleUndeliverable(Instance<Object> self, Undeliverable undeliverable)
      throws Exception {
    MessageEnvelope envelope = undeliverable.envelope();
    if ("true".equals(envelope.headers().get(ControllerNotifier.ACTOR_MESH_SUBSCRIBER_MESSAGE))) {
      if (health.unsubscribe(envelope.dest())) {
        log.debug("dropped unreachable subscriber {} of {}", envelope.dest(), mesh.id());
      }
      return;
    }
    if (envelope.headers().containsKey(CastInfo.ACTOR_MESH_ID_HEADER)
        || envelope.payload() instanceof ResourceMessage) {
      log.warn(
          "ignoring undeliverable request to {} of mesh {}: {}",
          envelope.dest(),
          mesh.id(),
          undeliverable.error());
      return;
    }
    if (envelope.payload() instanceof MeshFailure
        && health.owner().map(o -> o.portId().equals(envelope.dest())).orElse(false)) {
      log.warn(
          "the owner of mesh {} is unreachable; dropped its notification: {}",
          mesh.id(),
          envelope.payload());
      return;
    }
    throw new UndeliverableMessageException(undeliverable);
  }

  private ClientInstance queries() {
    return checkNotNull(queries, "controller not initialized");
  }

  private ControllerNotifier notifier() {
    return checkNotNull(notifier, "controller not initialized");
  }

  private static HyperactorConfig config(Instance<?> self) {
    return Procs.services(self.proc()).config();
  }
}
