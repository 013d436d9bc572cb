package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.DeliveryError;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReorderBuffer} with an owner made of parts, for the tests of the buffer alone: each call
 * passes the owner, as a managed instance passes itself.
 */
final class OwnedReorderBuffer {
  private static final Logger log = LoggerFactory.getLogger(OwnedReorderBuffer.class);

  private final ReorderBuffer buffer = new ReorderBuffer();
  private final ReorderBuffer.Owner owner;

  /** An owner made of parts. */
  record Parts(
      ActorId selfId,
      ReorderBuffer.Returned returns,
      @Nullable GapTimer timer,
      ReorderBuffer.Policy reorderPolicy)
      implements ReorderBuffer.Owner {
    @Override
    public void accept(
        Object item, @Nullable Object sender, SeqInfo.Session seq, DeliveryError error) {
      returns.accept(item, sender, seq, error);
    }

    @Override
    public Runnable schedule(Runnable task, long delayNanos) {
      return checkNotNull(timer, "timer").schedule(task, delayNanos);
    }
  }

  /**
   * A buffer for {@code owner}'s work port.
   *
   * @param returns where returned items go
   * @param timer bounds the wait on a gap; null for no bound (tests of the ordering alone)
   * @param gapTimeout how long a gap may stay open before its held items are returned
   * @param clock {@link System#nanoTime()}, or a test's clock
   */
  OwnedReorderBuffer(
      ActorId owner,
      ReorderBuffer.Returned returns,
      @Nullable GapTimer timer,
      Duration gapTimeout,
      LongSupplier clock) {
    this.owner =
        new Parts(
            owner,
            returns,
            timer,
            new ReorderBuffer.Policy(gapTimeout.toNanos(), timer != null, clock));
  }

  /** A buffer whose gaps stay open until they fill; returned items are logged. */
  OwnedReorderBuffer(ActorId owner) {
    this.owner = loggingOwner(owner);
  }

  /** An owner whose gaps stay open until they fill and that logs what comes back. */
  static ReorderBuffer.Owner loggingOwner(ActorId owner) {
    return new Parts(
        owner,
        (item, sender, seq, error) ->
            log.warn("{}: returning {} from {}: {}", owner, item, sender, error),
        null,
        new ReorderBuffer.Policy(0, false, System::nanoTime));
  }

  void accept(
      SeqInfo.Session seq, Object item, @Nullable Object sender, ReorderBuffer.Released out) {
    buffer.accept(owner, seq, item, sender, out);
  }

  void close(Supplier<DeliveryError> error) {
    buffer.close(owner, error);
  }

  void expireGaps() {
    buffer.expireGaps(owner);
  }

  void forget(UUID id) {
    buffer.forget(id);
  }

  int tableEntries() {
    return buffer.tableEntries();
  }

  ReorderSession session(UUID id) {
    return buffer.session(id);
  }
}
