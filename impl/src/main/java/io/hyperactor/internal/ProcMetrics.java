package io.hyperactor.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import java.util.HashMap;
import java.util.Map;

/**
 * The asynchronous metrics of one proc: when a reader collects, it sums the counters its actors
 * keep anyway, by actor type (or by actor, when the telemetry is per actor).
 *
 * <p>An actor that terminates leaves the registry; its handled count moves to the proc's retired
 * totals under the registry's lock, the lock the collection walks the live actors under, so that
 * each message is counted once and the counter never goes down. Thread-safe.
 */
final class ProcMetrics implements AutoCloseable {
  private final Telemetry telemetry;
  private final String procId;
  private final InstanceRegistry instances;
  // Guarded by instances.
  private final Map<Attributes, Long> retiredHandled = new HashMap<>();
  // Guarded by instances; per actor type, so a collection makes no attributes for most actors.
  private final Map<String, Attributes> byType = new HashMap<>();
  private final BatchCallback callback;

  ProcMetrics(Telemetry telemetry, String procId, InstanceRegistry instances) {
    this.telemetry = telemetry;
    this.procId = procId;
    this.instances = instances;
    this.callback =
        telemetry
            .meter()
            .batchCallback(this::observe, telemetry.messagesHandled(), telemetry.queueDepth());
  }

  /** The attributes of {@code cell}'s metrics. */
  Attributes attributesOf(InstanceCell cell) {
    if (telemetry.perActor()) {
      return telemetry.actorAttributes(procId, cell.actorTypeName(), cell.actorId());
    }
    synchronized (instances) {
      return byType.computeIfAbsent(
          cell.actorTypeName(),
          type -> telemetry.actorAttributes(procId, type, cell.actorId()));
    }
  }

  /**
   * Releases {@code cell} from the registry and keeps its handled count; holding the registry's
   * lock, so that a collection sees the count either live or retired.
   */
  void release(InstanceCell cell) {
    synchronized (instances) {
      if (instances.release(cell) && cell.handlerCount() > 0) {
        retiredHandled.merge(attributesOf(cell), cell.handlerCount(), Long::sum);
      }
    }
  }

  private void observe() {
    Map<Attributes, long[]> sums = new HashMap<>();
    synchronized (instances) {
      retiredHandled.forEach((a, n) -> sums.computeIfAbsent(a, k -> new long[2])[0] += n);
      instances.forEachLive(
          cell -> {
            long handled = cell.handlerCount();
            long depth = cell.queueSize();
            if (handled == 0 && depth == 0) {
              // A client or an idle new actor: nothing to report for it.
              return;
            }
            long[] sum = sums.computeIfAbsent(attributesOf(cell), k -> new long[2]);
            sum[0] += handled;
            sum[1] += depth;
          });
    }
    sums.forEach(
        (attributes, sum) -> {
          telemetry.messagesHandled().record(sum[0], attributes);
          telemetry.queueDepth().record(sum[1], attributes);
        });
  }

  /** Stops reporting this proc's actors. */
  @Override
  public void close() {
    callback.close();
  }
}
