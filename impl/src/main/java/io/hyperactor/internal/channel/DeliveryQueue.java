package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The receiving side's queue of messages from every sender of a channel, in arrival order.
 *
 * <p>Taking a message calls its {@link Delivery#taken()} hook, which is what acknowledges it.
 * Closing the queue calls {@link Delivery#dropped} on every message still waiting, so none is lost
 * silently. The queue has a soft capacity: {@link #offer} always accepts, and transports that
 * honour flow control stop reading while {@link #hasSpace()} is false and resume from the callback
 * given to {@link #whenSpace}.
 *
 * <p>Thread-safe; any number of producers and consumers.
 */
public final class DeliveryQueue<M> {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Delivery<M>> queue = new ArrayDeque<>();
  private final List<Runnable> spaceWaiters = new ArrayList<>();
  private final int capacity;
  private final String name;
  private @Nullable ChannelException closedError;

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
