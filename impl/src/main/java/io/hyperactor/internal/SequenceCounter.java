package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The sequence of one destination of a {@link Sequencer}: the current epoch and the last number
 * handed out in it.
 *
 * <p>Both live in one word, the epoch above the number, so that a send takes its number and its
 * epoch with one atomic add, and a counter is its key and that word: 24 bytes, as a parent keeps
 * one per child it messaged. The word's top bits below the sign hold 8 bits of the key's hash, so
 * that a table probe that meets another destination's counter tells it apart without reading
 * that destination's id (an id's fields are another cache line per probe). A counter whose
 * numbers or epochs outgrow the word (2^43 messages in one epoch, or 2^11 epochs, neither of which
 * most counters ever reach) becomes wide for good: its word is made negative, and its key is
 * replaced by a {@link Wide} holding the key and an epoch object that counts in a long of its own.
 *
 * <p>Not final: a sequencer is itself the counter of its first destination, since most actors
 * send to one peer (a child to its parent) and a separate object would be per-actor memory. Its
 * key is set once, under the sequencer's lock, before the counter is published; the key changes
 * later only to a {@link Wide} or to match no destination ({@link #forgetKey}), both under that
 * lock.
 */
class SequenceCounter {
  private static final VarHandle STATE;
  private static final VarHandle KEY;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(SequenceCounter.class, "state", long.class);
      KEY = l.findVarHandle(SequenceCounter.class, "key", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The bits of the word that count the current epoch's numbers; the epoch is above them. */
  static final int SEQ_BITS = 44;

  private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

  /** The bits of the epoch, above the numbers; the hash's 8 bits are above the epoch. */
  private static final int EPOCH_BITS = 11;

  private static final long EPOCH_MASK = (1L << EPOCH_BITS) - 1;

  private static final int HASH_SHIFT = SEQ_BITS + EPOCH_BITS;

  /** The word's bits that hold the key's hash (and the sign, clear while the counter is packed). */
  private static final long HASH_MASK = -1L << HASH_SHIFT;

  /**
   * The first number the word does not hand out: a send that draws it or a later one makes the
   * counter wide. Half the number bits, so that the draws of all the senders that race to make it
   * wide cannot carry into the epoch.
   */
  static final long PACKED_SEQ_LIMIT = 1L << (SEQ_BITS - 1);

  /** The first epoch the word cannot hold. */
  static final long PACKED_EPOCH_LIMIT = 1L << EPOCH_BITS;

  /** The word of a wide counter: negative, and an add per send leaves it so. */
  private static final long WIDE = Long.MIN_VALUE;

  /** The key of a forgotten counter: equal to no destination's key. */
  private static final Object FORGOTTEN = new Object();

  // Null only while a sequencer's own counter is unclaimed; a Wide once the counter is wide.
  private @Nullable Object key;
  // The key's hash bits (above HASH_SHIFT), the epoch (above SEQ_BITS) and the last number handed
  // out in it; WIDE once wide.
  private volatile long state;

  SequenceCounter(Object key, int hash) {
    this.key = key;
    this.state = hashBits(hash);
  }

  /** An unclaimed counter: a sequencer's own, before its first destination. */
  SequenceCounter() {}

  /**
   * Claims an unclaimed counter for {@code key}, whose table hash is {@code hash}; called under
   * the sequencer's lock, before any number is drawn from it.
   */
  final void claim(Object key, int hash) {
    this.state = hashBits(hash);
    // After the word: a sender that reads the key without the lock draws from the word next.
    KEY.setRelease(this, key);
  }

  /** The epoch a packed word holds. */
  private static long epochOf(long word) {
    return (word >>> SEQ_BITS) & EPOCH_MASK;
  }

  /** The 8 bits of a key's hash that the word keeps, in place; independent of the table slot. */
  private static long hashBits(int hash) {
    return (long) ((hash * 0x85EBCA6B) >>> 24) << HASH_SHIFT;
  }

  /**
   * Makes this counter match no key: the counter of a destination its sequencer forgot, left in
   * a table that readers probe without a lock until the table is rebuilt. Called under the
   * sequencer's lock.
   */
  final void forgetKey() {
    if (key instanceof Wide w) {
      w.key = FORGOTTEN;
    } else {
      key = FORGOTTEN;
    }
  }

  /** Whether {@link #forgetKey} was called. */
  final boolean isForgotten() {
    return destination() == FORGOTTEN;
  }

  final boolean isClaimed() {
    return key != null;
  }

  /**
   * The key as a sender compares it by identity: the destination's key, or a {@link Wide} (which
   * matches no key by identity, so that its sender looks it up with {@link #matches}).
   */
  final @Nullable Object key() {
    return key;
  }

  /** The destination's key, also of a wide counter. */
  final @Nullable Object destination() {
    Object k = key;
    return k instanceof Wide w ? w.key : k;
  }

  /** Whether this is the counter of {@code other}, whose table hash is {@code otherHash}. */
  final boolean matches(Object other, int otherHash) {
    Object k = key;
    if (k == other) {
      return true;
    }
    long s = state;
    if (s >= 0) {
      // The hash bits tell most other destinations apart without reading their ids.
      return (s & HASH_MASK) == hashBits(otherHash) && other.equals(k);
    }
    Object d = k instanceof Wide w ? w.key : k;
    return d == other || other.equals(d);
  }

  /** The next number for this destination in the current epoch, for {@code sequencer}'s session. */
  final SeqInfo.Session next(Sequencer sequencer) {
    long drawn = (long) STATE.getAndAdd(this, 1L);
    long seq = (drawn & SEQ_MASK) + 1;
    if (drawn >= 0 && seq < PACKED_SEQ_LIMIT) {
      return new SeqInfo.Session(sequencer.session(), seq, epochOf(drawn));
    }
    return nextPastWord(sequencer, drawn);
  }

  /** {@link #next} for a draw the word could not number: the counter is, or becomes, wide. */
  private SeqInfo.Session nextPastWord(Sequencer sequencer, long drawn) {
    Wide w = drawn < 0 ? (Wide) KEY.getAcquire(this) : widen(sequencer);
    if (w == null) {
      // The epoch restarted after the draw: the number drawn was of the superseded epoch.
      return next(sequencer);
    }
    Epoch e = w.epoch;
    // A message numbered in an epoch that was just superseded is still numbered without a gap
    // in it; the receiver returns it if it arrives after the new epoch started.
    return new SeqInfo.Session(sequencer.session(), e.next(), e.number);
  }

  /**
   * Makes the counter wide after a draw at or past {@link #PACKED_SEQ_LIMIT}: the epoch goes on
   * from that number in an epoch object. Returns null if the epoch restarted since the draw.
   */
  private @Nullable Wide widen(Sequencer sequencer) {
    synchronized (sequencer) {
      long s = state;
      if (s < 0) {
        return (Wide) key;
      }
      if ((s & SEQ_MASK) + 1 < PACKED_SEQ_LIMIT) {
        return null;
      }
      // The word handed out numbers 1 to PACKED_SEQ_LIMIT - 1 of this epoch; every draw past them
      // (this one, and those of senders now waiting for the lock) takes the next number here.
      return makeWide(new Epoch(epochOf(s), PACKED_SEQ_LIMIT - 1));
    }
  }

  /** Replaces the key with a Wide in {@code epoch}, then the word; under the sequencer's lock. */
  private Wide makeWide(Epoch epoch) {
    Wide w = new Wide(key, epoch);
    // The key first: a sender that draws from the negative word reads the key after its draw.
    KEY.setRelease(this, w);
    state = WIDE;
    return w;
  }

  /**
   * Starts epoch {@code seen + 1} unless {@code seen} is no longer the current one; returns
   * whether it did. Called outside the sequencer's lock; takes it.
   */
  final boolean restartAfter(Sequencer sequencer, long seen) {
    synchronized (sequencer) {
      long s = state;
      if (s < 0) {
        Wide w = (Wide) key;
        if (w.epoch.number != seen) {
          return false;
        }
        w.epoch = new Epoch(seen + 1, 0);
        return true;
      }
      if (epochOf(s) != seen) {
        return false;
      }
      if (seen + 1 >= PACKED_EPOCH_LIMIT) {
        makeWide(new Epoch(seen + 1, 0));
        return true;
      }
      // Senders draw without the lock: start the new epoch at number 0 over whatever they drew.
      long hashBits = s & HASH_MASK;
      while (!STATE.compareAndSet(this, s, hashBits | (seen + 1) << SEQ_BITS)) {
        s = state;
      }
      return true;
    }
  }

  /** Whether the counter outgrew its word; for tests. */
  final boolean isWide() {
    return state < 0;
  }

  /** Moves the counter close to the end of its word's numbers or epochs; for tests. */
  final void setStateForTest(long epoch, long lastSeq) {
    state = (state & HASH_MASK) | (epoch << SEQ_BITS) | lastSeq;
  }

  /**
   * The key and the epoch of a counter that outgrew its word. The key is changed only to forget
   * it, under the sequencer's lock; the epoch is replaced under that lock at a restart.
   */
  private static final class Wide {
    volatile @Nullable Object key;
    volatile Epoch epoch;

    Wide(@Nullable Object key, Epoch epoch) {
      this.key = key;
      this.epoch = epoch;
    }
  }

  /** An epoch of a wide counter, counting from {@code last + 1}. */
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

    Epoch(long number, long last) {
      this.number = number;
      this.value = last;
    }

    long next() {
      return (long) VALUE.getAndAdd(this, 1L) + 1;
    }
  }
}
