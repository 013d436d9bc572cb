package io.hyperactor.internal;

import io.hyperactor.ActorMetrics;

/**
 * A live view of one actor's counters, which its cell holds: the cell is per-actor memory anyway,
 * and a separate counters object would add its own header and reference to every actor. The loop
 * writes the counters; the queue size is read from the loop's queue, so senders share no counter.
 */
final class ActorMetricsImpl implements ActorMetrics {
  private final InstanceCell cell;

  ActorMetricsImpl(InstanceCell cell) {
    this.cell = cell;
  }

  @Override
  public long messagesReceived() {
    return cell.messagesReceived();
  }

  @Override
  public long queueSize() {
    return cell.queueSize();
  }

  @Override
  public long handlerCount() {
    return cell.handlerCount();
  }

  @Override
  public long handlerTotalNanos() {
    return cell.handlerTotalNanos();
  }

  @Override
  public long handlerMaxNanos() {
    return cell.handlerMaxNanos();
  }
}
