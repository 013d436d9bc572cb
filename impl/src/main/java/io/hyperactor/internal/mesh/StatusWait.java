package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Undeliverable;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.SpawnProgress;
import io.hyperactor.mesh.SpawnProgressListener;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the rank statuses agents send to one port until every rank satisfies a condition, the
 * statuses go idle for too long, or a request comes back undeliverable.
 *
 * <p>Each overlay an agent sends names ranks as the agent knows them (the rank a resource was
 * created with); {@code viewRanks} maps them to the view ranks of the region waited on, and an
 * overlay for a rank it does not map is ignored. The idle timer is re-armed by every overlay
 * received, never a total deadline. Not thread-safe: one waiting thread.
 */
final class StatusWait {
  private static final Logger log = LoggerFactory.getLogger(StatusWait.class);
  /** How often the wait looks at returned requests while no status arrives. */
  private static final Duration POLL = Duration.ofMillis(50);

  /**
   * How a wait ended.
   *
   * @param statuses the latest status of every view rank ({@code NotExist} if never heard from)
   * @param complete whether every rank satisfied the condition
   * @param returned the first request that came back undeliverable, if any
   * @param elapsed how long the wait took
   */
  record Outcome(
      ValueMesh<Status> statuses, boolean complete, @Nullable Undeliverable returned, Duration elapsed) {
    /** The statuses, with every rank that did not satisfy the condition marked {@code Timeout}. */
    ValueMesh<Status> withTimeouts(Predicate<Status> done) {
      Status timeout = new Status.Timeout(elapsed);
      return statuses.map(s -> done.test(s) ? s : timeout);
    }
  }

  private final String meshName;
  private final Region region;
  private final Map<Long, Integer> viewRanks;
  private final Status[] statuses;
  private final SpawnProgressListener listener;

  StatusWait(
      String meshName, Region region, Map<Long, Integer> viewRanks, SpawnProgressListener listener) {
    this.meshName = checkNotNull(meshName, "meshName");
    this.region = checkNotNull(region, "region");
    this.viewRanks = checkNotNull(viewRanks, "viewRanks");
    this.listener = checkNotNull(listener, "listener");
    this.statuses = new Status[region.numRanks()];
    Arrays.fill(statuses, Status.NOT_EXIST);
  }

  /**
   * Receives overlays on {@code port} until every rank's status satisfies {@code done}, nothing
   * arrived for {@code maxIdle}, or a request sent by {@code sender} came back.
   */
  Outcome await(
      ClientInstance sender,
      PortReceiver<StatusOverlay> port,
      Predicate<Status> done,
      Duration maxIdle)
      throws InterruptedException {
    long start = System.nanoTime();
    long lastUpdate = start;
    while (true) {
      if (Arrays.stream(statuses).allMatch(done)) {
        return outcome(true, null, start);
      }
      Undeliverable returned = sender.undeliverables().tryRecv();
      if (returned != null) {
        return outcome(false, returned, start);
      }
      long idle = System.nanoTime() - lastUpdate;
      long remaining = maxIdle.toNanos() - idle;
      if (remaining <= 0) {
        return outcome(false, null, start);
      }
      StatusOverlay overlay;
      try {
        overlay = port.recv(Duration.ofNanos(Math.min(remaining, POLL.toNanos())));
      } catch (TimeoutException e) {
        continue;
      }
      lastUpdate = System.nanoTime();
      if (apply(overlay)) {
        report(start);
      }
    }
  }

  private boolean apply(StatusOverlay overlay) {
    boolean changed = false;
    for (StatusOverlay.Run run : overlay.runs()) {
      for (long rank = run.start(); rank < run.end(); rank++) {
        Integer view = viewRanks.get(rank);
        if (view != null && !statuses[view].equals(run.status())) {
          statuses[view] = run.status();
          changed = true;
        }
      }
    }
    return changed;
  }

  private void report(long start) {
    try {
      listener.onProgress(new SpawnProgress(meshName, mesh(), elapsed(start)));
    } catch (RuntimeException e) {
      log.warn("progress listener of {} failed", meshName, e);
    }
  }

  private ValueMesh<Status> mesh() {
    return ValueMesh.of(region, Arrays.asList(statuses.clone()));
  }

  private Outcome outcome(boolean complete, @Nullable Undeliverable returned, long start) {
    return new Outcome(mesh(), complete, returned, elapsed(start));
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
