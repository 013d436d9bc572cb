package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.PortReceiver;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.Procs;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.Region;
import io.hyperactor.ref.PortRef;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of an actor mesh's supervision: one port on the owner that receives the
 * controller's owner notifications and its subscriber stream, and a virtual thread that reads it.
 *
 * <p>Heartbeats are dropped; failures and stops are kept in order for {@link #next}, and the
 * latest is {@link #latest}. Silence longer than {@code supervision_watchdog_timeout} is reported
 * as a whole-mesh failure ("timed out reaching controller"), after which the thread ends. The
 * thread also ends when the mesh is closed ({@link #close}) and when the owner terminates.
 * Thread-safe.
 */
final class MeshSupervision implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MeshSupervision.class);
  /** How often the reader wakes to check the owner and the watchdog. */
  private static final Duration TICK = Duration.ofMillis(500);

  private final Instance<?> owner;
  private final String meshName;
  private final PortReceiver<Object> port;
  private final Duration watchdog;
  private final Object lock = new Object();
  private final Deque<MeshFailure> unread = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private @Nullable MeshFailure latest;
  private @Nullable MeshFailure latestCrash;
  private @Nullable ActorId controller;
  private volatile boolean closed;
  private @Nullable Thread reader;

  private record Waiter(Region region, Region spawnRegion, CompletableFuture<MeshFailure> future) {}

  MeshSupervision(Instance<?> owner, String meshName) {
    this.owner = checkNotNull(owner, "owner");
    this.meshName = checkNotNull(meshName, "meshName");
    this.port = owner.openPort();
    HyperactorConfig config = Procs.services(owner.proc()).config();
    this.watchdog = config.get(HyperactorAttrs.SUPERVISION_WATCHDOG_TIMEOUT);
    Duration floor =
        config
            .get(HyperactorAttrs.SUPERVISION_POLL_FREQUENCY)
            .plus(config.get(HyperactorAttrs.GET_ACTOR_STATE_MAX_IDLE))
            .plus(config.get(HyperactorAttrs.GET_PROC_STATE_MAX_IDLE));
    if (watchdog.compareTo(floor) < 0) {
      log.warn(
          "supervision_watchdog_timeout {} is shorter than supervision_poll_frequency +"
              + " get_actor_state_max_idle + get_proc_state_max_idle ({}): a slow poll may be"
              + " taken for a dead controller",
          watchdog,
          floor);
    }
  }

  /** Where the controller sends the owner's failures. */
  PortRef<MeshFailure> ownerPort() {
    return PortRef.attest(port.handle().portId());
  }

  /** Where the controller sends the subscriber stream. */
  PortRef<SupervisionNotice> subscriberPort() {
    return PortRef.attest(port.handle().portId());
  }

  /** Starts reading, once the controller {@code controller} is subscribed. */
  void start(ActorId controller) {
    synchronized (lock) {
      this.controller = checkNotNull(controller, "controller");
      reader = Thread.ofVirtual().name("hyperactor-mesh-supervision-" + meshName).start(this::read);
    }
  }

  private void read() {
    long lastHeard = System.nanoTime();
    while (!closed && !owner.status().isTerminal()) {
      Object message;
      try {
        message = port.recv(TICK);
      } catch (TimeoutException e) {
        if (Duration.ofNanos(System.nanoTime() - lastHeard).compareTo(watchdog) > 0) {
          record(controllerTimedOut());
          return;
        }
        continue;
      } catch (InterruptedException e) {
        return;
      }
      lastHeard = System.nanoTime();
      switch (message) {
        case SupervisionNotice n when n.failure() != null -> record(n.failure());
        case SupervisionNotice n -> {}
        case MeshFailure f -> {
          synchronized (lock) {
            if (latest == null) {
              latest = f;
            }
          }
        }
        default -> log.warn("{}: unexpected supervision message {}", meshName, message);
      }
    }
  }

  private MeshFailure controllerTimedOut() {
    ActorId subject;
    synchronized (lock) {
      subject = controller != null ? controller : owner.selfId();
    }
    return MeshFailure.wholeMesh(
        meshName,
        ActorSupervisionEvent.of(
            subject,
            meshName,
            new ActorStatus.Failed(
                ActorErrorKind.generic(
                    "timed out reaching controller "
                        + subject
                        + " for mesh "
                        + meshName
                        + " after "
                        + watchdog
                        + " (supervision_watchdog_timeout). Assuming controller's proc is dead"))));
  }

  /** Records {@code failure} as the latest and hands it to a waiter or the unread queue. */
  void record(MeshFailure failure) {
    Procs.services(owner.proc()).meshFailures().publish(failure);
    List<CompletableFuture<MeshFailure>> complete = new ArrayList<>();
    synchronized (lock) {
      latest = failure;
      if (!failure.crashedRanks().isEmpty() || failure.event().isError()) {
        latestCrash = failure;
      }
      boolean taken = false;
      for (var it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (covers(failure, w.region(), w.spawnRegion())) {
          it.remove();
          complete.add(w.future());
          taken = true;
        }
      }
      if (!taken) {
        unread.add(failure);
      }
    }
    complete.forEach(f -> f.complete(failure));
  }

  /**
   * The next failure or stop that concerns {@code region} (a region of the mesh as spawned on
   * {@code spawnRegion}), not yet returned by an earlier call.
   */
  CompletableFuture<MeshFailure> next(Region region, Region spawnRegion) {
    synchronized (lock) {
      for (var it = unread.iterator(); it.hasNext(); ) {
        MeshFailure f = it.next();
        if (covers(f, region, spawnRegion)) {
          it.remove();
          return CompletableFuture.completedFuture(f);
        }
      }
      CompletableFuture<MeshFailure> future = new CompletableFuture<>();
      waiters.add(new Waiter(region, spawnRegion, future));
      return future;
    }
  }

  /** The latest failure or stop, if any. */
  Optional<MeshFailure> latest() {
    synchronized (lock) {
      return Optional.ofNullable(latest);
    }
  }

  /**
   * The latest failure that concerns {@code region}: a whole-mesh failure, or one whose crashed
   * ranks (ranks of {@code spawnRegion}) include a rank of {@code region}.
   */
  Optional<MeshFailure> failureFor(Region region, Region spawnRegion) {
    synchronized (lock) {
      return latest != null && covers(latest, region, spawnRegion)
          ? Optional.of(latest)
          : Optional.empty();
    }
  }

  /**
   * The latest failure that refuses casts to {@code region}: one naming a rank of the region, or a
   * whole-mesh failure (a silent controller). The mesh's own stop refuses nothing: casts to a
   * stopped mesh come back to their senders as undeliverable.
   */
  Optional<MeshFailure> crashFor(Region region, Region spawnRegion) {
    synchronized (lock) {
      return latestCrash != null && covers(latestCrash, region, spawnRegion)
          ? Optional.of(latestCrash)
          : Optional.empty();
    }
  }

  /** Whether {@code failure} concerns {@code region}, a region of {@code spawnRegion}. */
  static boolean covers(MeshFailure failure, Region region, Region spawnRegion) {
    if (!region.isSubset(spawnRegion)) {
      throw new IllegalArgumentException("region " + region + " is not a region of " + spawnRegion);
    }
    if (failure.crashedRanks().isEmpty()) {
      return true;
    }
    List<Integer> ranks =
        spawnRegion
            .remap(region)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "region " + region + " is not a region of " + spawnRegion));
    return failure.crashedRanks().stream().anyMatch(ranks::contains);
  }

  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (lock) {
      t = reader;
    }
    if (t != null) {
      t.interrupt();
    }
    port.close();
  }
}
