package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ProcId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reorder buffer's session table: many senders, each released in its own order. */
class ReorderBufferTest {
  private final ReorderBuffer buffer =
      new ReorderBuffer(new ProcId(new ChannelAddr.Local(0), "reorder").actorId("owner"));

  private record Item(int sender, long seq) {}

  private void accept(UUID session, long seq, Item item, Collection<Item> out) {
    buffer.accept(new SeqInfo.Session(session, seq), item, null, (m, s) -> out.add((Item) m));
  }

  @Test
  void manySessionsEachReleasedInOrder() {
    int senders = 2_000;
    List<UUID> sessions = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      sessions.add(UUID.randomUUID());
    }
    List<Item> out = new ArrayList<>();
    // Every sender's second message arrives before its first; then its third.
    for (int i = 0; i < senders; i++) {
      accept(sessions.get(i), 2, new Item(i, 2), out);
    }
    assertThat(out).isEmpty();
    for (int i = 0; i < senders; i++) {
      // An equal but distinct UUID object finds the same session.
      UUID s = sessions.get(i);
      UUID copy = new UUID(s.getMostSignificantBits(), s.getLeastSignificantBits());
      accept(copy, 1, new Item(i, 1), out);
      accept(s, 3, new Item(i, 3), out);
    }
    List<Item> expected = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      expected.add(new Item(i, 1));
      expected.add(new Item(i, 2));
      expected.add(new Item(i, 3));
    }
    assertThat(out).containsExactlyElementsIn(expected).inOrder();
  }

  @Test
  void concurrentNewSessionsAreEachCreatedOnce() throws Exception {
    int threads = 4;
    int perThread = 500;
    ConcurrentLinkedQueue<Item> out = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      Thread w =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int i = base; i < base + perThread; i++) {
                      UUID session = new UUID(0, i);
                      for (long n = 1; n <= 3; n++) {
                        accept(session, n, new Item(i, n), out);
                      }
                    }
                  });
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(w.isAlive()).isFalse();
    }
    assertThat(out).hasSize(threads * perThread * 3);
    // A session created twice would have released a duplicate; a lost one, a gap.
    assertThat(out.stream().distinct().count()).isEqualTo(threads * perThread * 3);
  }
}
