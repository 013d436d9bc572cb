package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The sequence of one destination of a {@link Sequencer}: its current epoch. Epoch 0 is counted
 * in the counter itself, as most destinations never return a message; a later epoch is an object
 * of its own.
 *
 * <p>Not final: a sequencer is itself the counter of its first destination, since most actors
 * send to one peer (a child to its parent) and a separate object would be per-actor memory. Its
 * key is set once, under the sequencer's lock, before the counter is published.
 */
class SequenceCounter {
  private static final VarHandle EPOCH;
  private static final VarHandle VALUE0;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      EPOCH = l.findVarHandle(SequenceCounter.class, "epoch", Epoch.class);
      VALUE0 = l.findVarHandle(SequenceCounter.class, "value0", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Null only while a sequencer's own counter is unclaimed; then never read.
  private @Nullable Object key;
  private int hash;
  // Null while the sequence is in epoch 0, whose last number is value0.
  private volatile @Nullable Epoch epoch;
  private volatile long value0;

  SequenceCounter(Object key, int hash) {
    this.key = key;
    this.hash = hash;
  }

  /** An unclaimed counter: a sequencer's own, before its first destination. */
  SequenceCounter() {}

  /** Claims an unclaimed counter for {@code key}; called under the sequencer's lock. */
  final void claim(Object key, int hash) {
    this.key = key;
    this.hash = hash;
  }

  /**
   * Makes this counter match no key: the counter of a destination its sequencer forgot, left in
   * a table that readers probe without a lock until the table is rebuilt. Called under the
   * sequencer's lock.
   */
  final void forgetKey() {
    key = FORGOTTEN;
  }

  /** Whether {@link #forgetKey} was called. */
  final boolean isForgotten() {
    return key == FORGOTTEN;
  }

  /** The key of a forgotten counter: equal to no destination's key. */
  private static final Object FORGOTTEN = new Object();

  final boolean isClaimed() {
    return key != null;
  }

  final @Nullable Object key() {
    return key;
  }

  final int hash() {
    return hash;
  }

  final boolean matches(Object other, int otherHash) {
    Object k = key;
    return k == other || (hash == otherHash && other.equals(k));
  }

  final SeqInfo.Session next(UUID session) {
    Epoch e = epoch;
    // A message numbered in an epoch that was just superseded is still numbered without a gap
    // in it; the receiver returns it if it arrives after the new epoch started.
    if (e == null) {
      return new SeqInfo.Session(session, (long) VALUE0.getAndAdd(this, 1L) + 1, 0);
    }
    return new SeqInfo.Session(session, e.next(), e.number);
  }

  /** Starts epoch {@code seen + 1} unless {@code seen} is no longer the current one. */
  final boolean restartAfter(long seen) {
    Epoch e = epoch;
    long current = e == null ? 0 : e.number;
    return current == seen && EPOCH.compareAndSet(this, e, new Epoch(seen + 1));
  }

  /** One epoch after the first of a destination's sequence, numbered from 1. */
  private static final class Epoch {
    private static final VarHandle VALUE;

    static {
      try {
        VALUE = MethodHandles.lookup().findVarHandle(Epoch.class, "value", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final long number;
    private volatile long value;

    Epoch(long number) {
      this.number = number;
    }

    long next() {
      return (long) VALUE.getAndAdd(this, 1L) + 1;
    }
  }
}
