package io.hyperactor.internal.channel;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A {@link DeliveryQueue} that hands its messages to a consumer instead of being taken from. */
class DeliveryQueueConsumerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ConcurrentLinkedQueue<String> taken = new ConcurrentLinkedQueue<>();

  private Delivery<String> delivery(String message) {
    return new Delivery<>() {
      @Override
      public String message() {
        return message;
      }

      @Override
      public boolean taken() {
        taken.add(message);
        return !message.startsWith("withdrawn");
      }

      @Override
      public void dropped(ChannelException error) {}
    };
  }

  /** Runs nothing until told to: the test sees what was passed on. */
  private static final class HeldExecutor implements Executor {
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized Runnable next() {
      assertThat(tasks).hasSize(1);
      return tasks.removeFirst();
    }
  }

  private static final Executor REFUSE = task -> {
    throw new AssertionError("nothing should be passed on to the overflow executor");
  };

  @Test
  void messagesQueuedBeforeTheConsumerAreHandedToItBeforeConsumeWithReturns() {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    queue.offer(delivery("a"));
    queue.offer(delivery("b"));
    List<String> consumed = new ArrayList<>();
    queue.consumeWith(consumed::add, REFUSE);
    assertThat(consumed).containsExactly("a", "b").inOrder();
    assertThat(taken).containsExactly("a", "b").inOrder();
  }

  @Test
  void handOutRunsTheConsumerOnTheCallingThreadAndSkipsWithdrawnMessages() {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    List<String> consumed = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    queue.consumeWith(
        message -> {
          consumed.add(message);
          threads.add(Thread.currentThread());
        },
        REFUSE);
    queue.offer(delivery("a"));
    queue.offer(delivery("withdrawn b"));
    queue.offer(delivery("c"));
    assertThat(consumed).isEmpty();
    queue.handOut();
    assertThat(consumed).containsExactly("a", "c").inOrder();
    assertThat(threads).containsExactly(Thread.currentThread(), Thread.currentThread());
    assertThat(taken).containsExactly("a", "withdrawn b", "c").inOrder();
  }

  @Test
  void takeAndPollFailOnceAConsumerIsSet() {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    queue.consumeWith(message -> {}, REFUSE);
    IllegalStateException e = assertThrows(IllegalStateException.class, queue::take);
    assertThat(e).hasMessageThat().contains("hands its messages to a consumer");
    assertThrows(IllegalStateException.class, () -> queue.poll(Duration.ZERO));
    assertThrows(IllegalStateException.class, () -> queue.consumeWith(message -> {}, REFUSE));
  }

  @Test
  void beyondOneBatchTheRestIsHandedOutFromTheOverflowExecutor() {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 1_000);
    HeldExecutor overflow = new HeldExecutor();
    List<String> consumed = new ArrayList<>();
    queue.consumeWith(consumed::add, overflow);
    int total = DeliveryQueue.HAND_OUT_BATCH * 2 + 3;
    for (int i = 0; i < total; i++) {
      queue.offer(delivery("m" + i));
    }
    queue.handOut();
    assertThat(consumed).hasSize(DeliveryQueue.HAND_OUT_BATCH);
    overflow.next().run();
    assertThat(consumed).hasSize(DeliveryQueue.HAND_OUT_BATCH * 2);
    overflow.next().run();
    assertThat(consumed).hasSize(total);
    assertThat(overflow.tasks).isEmpty();
    for (int i = 0; i < total; i++) {
      assertThat(consumed.get(i)).isEqualTo("m" + i);
    }
  }

  @Test
  void anOfferWhileAnotherThreadHandsOutIsHandedOutByThatThread() throws Exception {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    CountDownLatch inConsumer = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ConcurrentLinkedQueue<String> consumed = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
    queue.consumeWith(
        message -> {
          consumed.add(message);
          threads.add(Thread.currentThread());
          if (message.equals("first")) {
            inConsumer.countDown();
            awaitQuietly(release);
          }
        },
        REFUSE);
    Thread receiver =
        Thread.ofPlatform()
            .start(
                () -> {
                  queue.offer(delivery("first"));
                  queue.handOut();
                });
    assertThat(inConsumer.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    queue.offer(delivery("second"));
    queue.handOut(); // Returns at once: the receiver's thread is handing out.
    assertThat(consumed).containsExactly("first");
    release.countDown();
    receiver.join(TIMEOUT.toMillis());
    assertThat(consumed).containsExactly("first", "second").inOrder();
    assertThat(threads).containsExactly(receiver, receiver);
  }

  @Test
  void concurrentOffersReachTheConsumerOneAtATimeInEachSendersOrder() throws Exception {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 100_000);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    ConcurrentLinkedQueue<String> consumed = new ConcurrentLinkedQueue<>();
    Executor overflow = task -> Thread.ofVirtual().start(task);
    queue.consumeWith(
        message -> {
          if (inside.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
          }
          consumed.add(message);
          inside.decrementAndGet();
        },
        overflow);
    int senders = 4;
    int each = 5_000;
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      queue.offer(delivery(sender + ":" + i));
                      queue.handOut();
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join(TIMEOUT.toMillis());
    }
    assertThat(queue.awaitHandOutIdle(TIMEOUT)).isTrue();
    assertThat(overlaps.get()).isEqualTo(0);
    assertThat(consumed).hasSize(senders * each);
    int[] next = new int[senders];
    for (String message : consumed) {
      String[] parts = message.split(":");
      int sender = Integer.parseInt(parts[0]);
      assertThat(Integer.parseInt(parts[1])).isEqualTo(next[sender]);
      next[sender]++;
    }
  }

  @Test
  void aFailingConsumerIsLoggedAndTheNextMessageStillHandedOut() {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    List<String> consumed = new ArrayList<>();
    queue.consumeWith(
        message -> {
          if (message.equals("bad")) {
            throw new IllegalArgumentException("cannot take " + message);
          }
          consumed.add(message);
        },
        REFUSE);
    queue.offer(delivery("bad"));
    queue.offer(delivery("good"));
    queue.handOut();
    assertThat(consumed).containsExactly("good");
  }

  @Test
  void awaitHandOutIdleWaitsForTheConsumerAndNotOnItsOwnThread() throws Exception {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    CountDownLatch inConsumer = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Boolean> idleInsideConsumer = new AtomicReference<>();
    queue.consumeWith(
        message -> {
          try {
            idleInsideConsumer.set(queue.awaitHandOutIdle(Duration.ZERO));
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          inConsumer.countDown();
          awaitQuietly(release);
        },
        REFUSE);
    assertThat(queue.awaitHandOutIdle(Duration.ZERO)).isTrue();
    Thread receiver =
        Thread.ofPlatform()
            .start(
                () -> {
                  queue.offer(delivery("a"));
                  queue.handOut();
                });
    assertThat(inConsumer.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(idleInsideConsumer.get()).isTrue();
    queue.close(new ChannelException(ChannelException.Kind.CLOSED, "closing"));
    assertThat(queue.awaitHandOutIdle(Duration.ofMillis(50))).isFalse();
    release.countDown();
    assertThat(queue.awaitHandOutIdle(TIMEOUT)).isTrue();
    receiver.join(TIMEOUT.toMillis());
  }

  @Test
  void whenSpaceResumesAsTheConsumerDrainsTheQueue() {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 4);
    List<String> consumed = new ArrayList<>();
    queue.consumeWith(consumed::add, REFUSE);
    for (String m : List.of("a", "b", "c", "d")) {
      queue.offer(delivery(m));
    }
    assertThat(queue.hasSpace()).isFalse();
    AtomicInteger resumed = new AtomicInteger();
    queue.whenSpace(resumed::incrementAndGet);
    queue.handOut();
    assertThat(resumed.get()).isEqualTo(1);
    assertThat(consumed).containsExactly("a", "b", "c", "d").inOrder();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("not released");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
