package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.DeliveryError;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ProcId;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The reorder buffer's session table: many senders, each released in its own order. */
class ReorderBufferTest {
  private final OwnedReorderBuffer buffer =
      new OwnedReorderBuffer(new ProcId(new ChannelAddr.Local(0), "reorder").actorId("owner"));

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
  void numbersPastAnIntAreReleasedInOrderAndTheirDuplicatesDropped() {
    // A session keeps its last number in an int until it outgrows one; two billion messages take
    // too long for a test, so both sessions (the buffer's own and one in its table) are moved
    // close to the edge directly, then fed across it.
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    List<Item> out = new ArrayList<>();
    accept(first, 1, new Item(0, 1), out);
    accept(second, 1, new Item(1, 1), out);
    long edge = Integer.MAX_VALUE;
    for (UUID session : List.of(first, second)) {
      ReorderSession state = buffer.session(session);
      synchronized (state) {
        state.setLast(edge - 1);
      }
    }
    for (int sender = 0; sender < 2; sender++) {
      UUID session = sender == 0 ? first : second;
      // In order across the edge, a duplicate, then a gap past it.
      accept(session, edge, new Item(sender, edge), out);
      accept(session, edge + 1, new Item(sender, edge + 1), out);
      accept(session, edge + 1, new Item(sender, -1), out);
      accept(session, edge + 3, new Item(sender, edge + 3), out);
      accept(session, edge + 2, new Item(sender, edge + 2), out);
    }
    assertThat(out)
        .containsExactly(
            new Item(0, 1),
            new Item(1, 1),
            new Item(0, edge),
            new Item(0, edge + 1),
            new Item(0, edge + 2),
            new Item(0, edge + 3),
            new Item(1, edge),
            new Item(1, edge + 1),
            new Item(1, edge + 2),
            new Item(1, edge + 3))
        .inOrder();
  }

  @Test
  void forgottenSessionsLeaveTheTableUnlessTheyHoldItems() {
    List<Item> out = new ArrayList<>();
    UUID owner = UUID.randomUUID();
    UUID kept = UUID.randomUUID();
    accept(owner, 1, new Item(0, 1), out);
    accept(kept, 1, new Item(1, 1), out);
    // A parent hearing once from each of many short-lived children.
    for (int i = 2; i < 10_002; i++) {
      UUID child = UUID.randomUUID();
      accept(child, 1, new Item(i, 1), out);
      buffer.forget(child);
      accept(kept, i, new Item(1, i), out);
    }
    assertThat(out).hasSize(1 + 1 + 2 * 10_000);
    assertThat(buffer.tableEntries()).isAtMost(4);

    // A session with an item held behind a gap is not forgotten: the item waits for its gap.
    UUID gapped = UUID.randomUUID();
    accept(gapped, 2, new Item(-1, 2), out);
    buffer.forget(gapped);
    int before = out.size();
    accept(gapped, 1, new Item(-1, 1), out);
    assertThat(out.subList(before, out.size()))
        .containsExactly(new Item(-1, 1), new Item(-1, 2))
        .inOrder();

    // A forgotten session that sends again starts afresh: its next number waits for a gap.
    UUID returning = UUID.randomUUID();
    accept(returning, 1, new Item(-2, 1), out);
    buffer.forget(returning);
    before = out.size();
    accept(returning, 2, new Item(-2, 2), out);
    assertThat(out).hasSize(before);
    accept(returning, 1, new Item(-2, 1), out);
    assertThat(out.subList(before, out.size()))
        .containsExactly(new Item(-2, 1), new Item(-2, 2))
        .inOrder();
  }

  @Test
  void itemsOfSessionsForgottenConcurrentlyAreReleasedOrReturnedNeverLost() throws Exception {
    ConcurrentLinkedQueue<Item> released = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Object> returned = new ConcurrentLinkedQueue<>();
    OwnedReorderBuffer b =
        new OwnedReorderBuffer(
            new ProcId(new ChannelAddr.Local(0), "reorder").actorId("owner"),
            (item, sender, seq, error) -> returned.add(item),
            null,
            Duration.ZERO,
            System::nanoTime);
    int sessions = 5_000;
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      ids.add(UUID.randomUUID());
    }
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicReference<UUID> current = new AtomicReference<>(ids.getFirst());
    // Forgets the session whose items are arriving, over and over: while it holds items behind
    // its gap (which must keep it in the table), and between a lookup of it and its lock.
    Thread forgetter =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (sending.get()) {
                    b.forget(current.get());
                  }
                });
    for (int i = 0; i < sessions; i++) {
      UUID id = ids.get(i);
      current.set(id);
      for (long seq : new long[] {2, 3, 1}) {
        b.accept(new SeqInfo.Session(id, seq), new Item(i, seq), null, (m, x) -> released.add((Item) m));
      }
    }
    sending.set(false);
    forgetter.join(TimeUnit.SECONDS.toMillis(30));
    b.close(() -> new DeliveryError(DeliveryError.Kind.MAILBOX, "owner terminated"));
    // Every item is released or given back at the close; none stays in a session the table lost.
    assertThat(released.size() + returned.size()).isEqualTo(3 * sessions);
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
