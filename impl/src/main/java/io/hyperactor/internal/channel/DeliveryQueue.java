package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.hyperactor.channel.ChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side's queue of messages from every sender of a channel, in arrival order.
 *
 * <p>Taking a message calls its {@link Delivery#taken()} hook, which is what acknowledges it.
 * Closing the queue calls {@link Delivery#dropped} on every message still waiting, so none is lost
 * silently. The queue has a soft capacity: {@link #offer} always accepts, and transports that
 * honour flow control stop reading while {@link #hasSpace()} is false and resume from the callback
 * given to {@link #whenSpace}.
 *
 * <p>Messages are taken with {@link #take} and {@link #poll}, or, once {@link #consumeWith} names a
 * consumer, handed to it by the transport's receiving thread ({@link #handOut}): one hand-off fewer
 * on the way to the application than a consumer thread waiting in {@code take}.
 *
 * <p>Thread-safe; any number of producers and consumers.
 */
public final class DeliveryQueue<M> {
  private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

  /**
   * Messages one {@link #handOut} call hands to the consumer before the rest continue on the
   * overflow executor, so that a receiving thread does not serve other senders for ever while its
   * own connection waits.
   */
  static final int HAND_OUT_BATCH = 64;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition handOutIdle = lock.newCondition();
  private final ArrayDeque<Delivery<M>> queue = new ArrayDeque<>();
  private final List<Runnable> spaceWaiters = new ArrayList<>();
  private final int capacity;
  private final String name;
  private @Nullable ChannelException closedError;
  // Set once; volatile so that handOut skips the lock on queues that have none.
  private volatile @Nullable Consumer<? super M> consumer;
  private @Nullable Executor overflow;
  // The thread handing messages to the consumer; at most one at a time keeps them in order.
  private @Nullable Thread handingOut;
  private boolean handOutPending;

  /**
   * @param name how errors name this channel, usually its address
   * @param capacity the soft capacity, at least 1
   */
  public DeliveryQueue(String name, int capacity) {
    checkArgument(capacity >= 1, "capacity must be >= 1, got %s", capacity);
    this.name = checkNotNull(name, "name");
    this.capacity = capacity;
  }

  /**
   * Appends a delivery; false (and nothing is kept) when the queue is closed, so the caller still
   * owns the delivery's outcome.
   */
  public boolean offer(Delivery<M> delivery) {
    checkNotNull(delivery, "delivery");
    lock.lock();
    try {
      if (closedError != null) {
        return false;
      }
      queue.addLast(delivery);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** True while the queue holds fewer messages than its capacity. */
  public boolean hasSpace() {
    lock.lock();
    try {
      return queue.size() < capacity;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code resume} once the queue has drained to half its capacity (at once if it already has,
   * or if it is closed). {@code resume} runs on the thread that took the message and must not
   * block.
   */
  public void whenSpace(Runnable resume) {
    checkNotNull(resume, "resume");
    lock.lock();
    try {
      if (closedError == null && queue.size() > capacity / 2) {
        spaceWaiters.add(resume);
        return;
      }
    } finally {
      lock.unlock();
    }
    resume.run();
  }

  /**
   * Takes the next message, waiting as needed.
   *
   * @throws ChannelException of kind CLOSED once the queue is closed
   */
  public M take() throws InterruptedException {
    while (true) {
      Delivery<M> delivery;
      List<Runnable> resumed;
      lock.lockInterruptibly();
      try {
        checkNotConsumed();
        while (queue.isEmpty()) {
          throwIfClosed();
          notEmpty.await();
        }
        throwIfClosed();
        delivery = queue.removeFirst();
        resumed = resumedWaiters();
      } finally {
        lock.unlock();
      }
      if (finishTake(delivery, resumed)) {
        return delivery.message();
      }
    }
  }

  /**
   * Takes the next message, waiting at most {@code timeout}; empty if none arrived in time.
   *
   * @throws ChannelException of kind CLOSED once the queue is closed
   */
  public Optional<M> poll(Duration timeout) throws InterruptedException {
    checkNotNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Delivery<M> delivery;
      List<Runnable> resumed;
      lock.lockInterruptibly();
      try {
        checkNotConsumed();
        while (queue.isEmpty()) {
          throwIfClosed();
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            return Optional.empty();
          }
          notEmpty.awaitNanos(remaining);
        }
        throwIfClosed();
        delivery = queue.removeFirst();
        resumed = resumedWaiters();
      } finally {
        lock.unlock();
      }
      if (finishTake(delivery, resumed)) {
        return Optional.of(delivery.message());
      }
    }
  }

  /**
   * From now on every message goes to {@code consumer}, one at a time and in queue order, instead
   * of to {@link #take} or {@link #poll} (which then fail). The transport calls {@link #handOut}
   * after each offer, outside its own locks, and the messages are handed out on its thread; when
   * more than {@link #HAND_OUT_BATCH} wait, the rest are handed out from {@code overflow}. The
   * consumer must not block; an exception it throws is logged and the next message handed out.
   * Messages already queued are handed out before this returns.
   */
  public void consumeWith(Consumer<? super M> consumer, Executor overflow) {
    checkNotNull(consumer, "consumer");
    checkNotNull(overflow, "overflow");
    lock.lock();
    try {
      checkState(this.consumer == null, "%s already has a consumer", this);
      this.consumer = consumer;
      this.overflow = overflow;
    } finally {
      lock.unlock();
    }
    handOut();
  }

  /**
   * Hands the waiting messages to the consumer on this thread, unless another thread is already
   * doing so (it takes these too) or there is no consumer. Transports call it after each offer,
   * holding none of their own locks, since the consumer's work follows.
   */
  public void handOut() {
    if (consumer == null) {
      return;
    }
    lock.lock();
    try {
      if (queue.isEmpty() || closedError != null) {
        return;
      }
      if (handingOut != null) {
        // The thread handing out re-checks the queue before it stops.
        return;
      }
      handingOut = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    handOutBatch();
  }

  /**
   * Waits until no thread is handing a message to the consumer, at most {@code timeout}: after
   * {@link #close}, the consumer has then finished with every message it was given. Returns at
   * once on the thread that is handing out (it cannot wait for itself). True when idle.
   */
  public boolean awaitHandOutIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while ((handingOut != null || handOutPending) && handingOut != Thread.currentThread()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        handOutIdle.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void handOutBatch() {
    Consumer<? super M> to = checkNotNull(consumer);
    boolean finished = false;
    try {
      for (int handed = 0; handed < HAND_OUT_BATCH; handed++) {
        Delivery<M> delivery;
        List<Runnable> resumed;
        lock.lock();
        try {
          if (queue.isEmpty() || closedError != null) {
            stopHandingOut();
            finished = true;
            return;
          }
          delivery = queue.removeFirst();
          resumed = resumedWaiters();
        } finally {
          lock.unlock();
        }
        if (finishTake(delivery, resumed)) {
          try {
            to.accept(delivery.message());
          } catch (RuntimeException e) {
            log.error("{}: the consumer failed on a message: {}", this, e.toString(), e);
          }
        }
      }
      continueOnOverflow();
      finished = true;
    } finally {
      if (!finished) {
        // An Error escaped the consumer: let the next offer's thread carry on.
        lock.lock();
        try {
          stopHandingOut();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Passes the rest to the overflow executor (or stops, when it refuses). */
  private void continueOnOverflow() {
    lock.lock();
    try {
      handingOut = null;
      handOutPending = true;
    } finally {
      lock.unlock();
    }
    try {
      checkNotNull(overflow).execute(this::resumeHandOut);
    } catch (RejectedExecutionException e) {
      // The executor is stopping, which only happens once the channel is closing.
      lock.lock();
      try {
        stopHandingOut();
      } finally {
        lock.unlock();
      }
      if (!isClosed()) {
        log.warn("{}: cannot hand out the rest of the queue: {}", this, e.toString());
      }
    }
  }

  private void resumeHandOut() {
    lock.lock();
    try {
      handOutPending = false;
      if (handingOut != null || queue.isEmpty() || closedError != null) {
        handOutIdle.signalAll();
        return;
      }
      handingOut = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    handOutBatch();
  }

  // Called with the lock held.
  private void stopHandingOut() {
    handingOut = null;
    handOutPending = false;
    handOutIdle.signalAll();
  }

  /**
   * Closes the queue: later offers fail, waiting and later takes throw {@code error}, and every
   * message still queued is dropped with {@code error}. Idempotent; the first error stays.
   */
  public void close(ChannelException error) {
    checkNotNull(error, "error");
    List<Delivery<M>> dropped;
    List<Runnable> resumed;
    lock.lock();
    try {
      if (closedError != null) {
        return;
      }
      closedError = error;
      dropped = new ArrayList<>(queue);
      queue.clear();
      resumed = new ArrayList<>(spaceWaiters);
      spaceWaiters.clear();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    for (Delivery<M> delivery : dropped) {
      delivery.dropped(error);
    }
    resumed.forEach(Runnable::run);
  }

  /** True once closed. */
  public boolean isClosed() {
    lock.lock();
    try {
      return closedError != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "DeliveryQueue[" + name + "]";
  }

  private void checkNotConsumed() {
    checkState(consumer == null, "%s hands its messages to a consumer", this);
  }

  private void throwIfClosed() {
    if (closedError != null) {
      throw new ChannelException(
          ChannelException.Kind.CLOSED, "channel " + name + " is closed", closedError);
    }
  }

  private List<Runnable> resumedWaiters() {
    if (spaceWaiters.isEmpty() || queue.size() > capacity / 2) {
      return List.of();
    }
    List<Runnable> resumed = new ArrayList<>(spaceWaiters);
    spaceWaiters.clear();
    return resumed;
  }

  private boolean finishTake(Delivery<M> delivery, List<Runnable> resumed) {
    // Hooks run outside the lock: they may write acks or resume network reads.
    boolean handedOut = delivery.taken();
    resumed.forEach(Runnable::run);
    return handedOut;
  }
}
