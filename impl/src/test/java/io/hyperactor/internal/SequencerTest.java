package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sequencer's counter table: one sequence per destination however many there are. */
class SequencerTest {
  private final ProcId procId = new ProcId(new ChannelAddr.Local(0), "seq");

  @Test
  void eachOfManyDestinationsCountsFromOne() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    int destinations = 5_000;
    for (int round = 1; round <= 3; round++) {
      for (int i = 0; i < destinations; i++) {
        // Fresh but equal ids each time: a destination is found by equality, not identity.
        PortId dest = procId.actorId("a").childId(i).portId(PortId.HANDLER_INDEX);
        SeqInfo.Session seq = (SeqInfo.Session) sequencer.assign(dest);
        assertThat(seq.sessionId()).isEqualTo(sequencer.session());
        assertThat(seq.seq()).isEqualTo(round);
      }
    }
  }

  @Test
  void forgottenDestinationsLeaveTheTableAndTheOthersKeepTheirSequences() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    ActorId first = procId.actorId("parent").childId(1);
    ActorId kept = procId.actorId("parent").childId(2);
    sequencer.assign(first.portId(PortId.HANDLER_INDEX));
    sequencer.assign(kept.portId(PortId.HANDLER_INDEX));
    // A parent of many short-lived children: each is numbered once, then terminates.
    for (int i = 3; i < 10_003; i++) {
      ActorId child = procId.actorId("parent").childId(i);
      assertThat(((SeqInfo.Session) sequencer.assign(child.portId(PortId.HANDLER_INDEX))).seq())
          .isEqualTo(1);
      sequencer.forget(child);
      assertThat(((SeqInfo.Session) sequencer.assign(kept.portId(PortId.HANDLER_INDEX))).seq())
          .isEqualTo(i - 1);
    }
    // The table holds the two live destinations and at most as many forgotten ones.
    assertThat(sequencer.tableEntries()).isAtMost(4);
    // The first destination is the sequencer's own counter, which is never forgotten.
    sequencer.forget(first);
    assertThat(((SeqInfo.Session) sequencer.assign(first.portId(PortId.HANDLER_INDEX))).seq())
        .isEqualTo(2);
    // A forgotten destination that is messaged again starts a new sequence.
    ActorId again = procId.actorId("parent").childId(7);
    assertThat(((SeqInfo.Session) sequencer.assign(again.portId(PortId.HANDLER_INDEX))).seq())
        .isEqualTo(1);
  }

  @Test
  void aKeptKeyAndHashContinueTheSequenceOfTheirDestination() {
    // A handle keeps its destination's key and hash; sends through it and through assign(PortId)
    // with an equal id number one sequence, for an actor's port and for a dynamic port alike.
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    for (int i = 0; i < 40; i++) {
      for (long index : new long[] {PortId.HANDLER_INDEX, PortId.FIRST_DYNAMIC_INDEX + 7}) {
        PortId dest = procId.actorId("k").childId(i).portId(index);
        Object key = Sequencer.key(dest);
        int hash = Sequencer.hash(key);
        assertThat(((SeqInfo.Session) sequencer.assign(key, hash)).seq()).isEqualTo(1);
        assertThat(((SeqInfo.Session) sequencer.assign(dest)).seq()).isEqualTo(2);
        assertThat(((SeqInfo.Session) sequencer.assign(key, hash)).seq()).isEqualTo(3);
      }
    }
  }

  @Test
  void theFirstDestinationKeepsItsSequenceInTheTableMadeAtTheSecond() {
    // The first destination's counter is the sequencer itself until a second destination makes
    // the table; found by equal ids before and after, and restarted by a return in either state.
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    SeqInfo.Session a1 = (SeqInfo.Session) sequencer.assign(procId.actorId("a").portId(0));
    assertThat(a1.seq()).isEqualTo(1);
    assertThat(((SeqInfo.Session) sequencer.assign(procId.actorId("a").portId(0))).seq())
        .isEqualTo(2);
    assertThat(sequencer.returned(procId.actorId("a").portId(0), a1)).isTrue();
    SeqInfo.Session epoch1 = (SeqInfo.Session) sequencer.assign(procId.actorId("a").portId(0));
    assertThat(epoch1).isEqualTo(new SeqInfo.Session(sequencer.session(), 1, 1));
    assertThat(((SeqInfo.Session) sequencer.assign(procId.actorId("b").portId(0))).seq())
        .isEqualTo(1);
    assertThat(sequencer.assign(procId.actorId("a").portId(0)))
        .isEqualTo(new SeqInfo.Session(sequencer.session(), 2, 1));
    assertThat(sequencer.returned(procId.actorId("a").portId(0), epoch1)).isTrue();
    assertThat(sequencer.assign(procId.actorId("a").portId(0)))
        .isEqualTo(new SeqInfo.Session(sequencer.session(), 1, 2));
    assertThat(((SeqInfo.Session) sequencer.assign(procId.actorId("b").portId(0))).seq())
        .isEqualTo(2);
  }

  @Test
  void theFirstDestinationBetweenSendsToOthersKeepsOneSequence() {
    // A creature and its mall: sends to the first destination alternate with sends to many
    // others, through a kept key (found by identity) and through equal ids (found by equality).
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    PortId mall = procId.actorId("mall").portId(PortId.HANDLER_INDEX);
    Object mallKey = Sequencer.key(mall);
    int mallHash = Sequencer.hash(mallKey);
    long expected = 0;
    for (int round = 1; round <= 3; round++) {
      for (int i = 0; i < 50; i++) {
        assertThat(((SeqInfo.Session) sequencer.assign(mallKey, mallHash)).seq())
            .isEqualTo(++expected);
        PortId other = procId.actorId("creature").childId(i).portId(PortId.HANDLER_INDEX);
        assertThat(((SeqInfo.Session) sequencer.assign(other)).seq()).isEqualTo(round);
        assertThat(((SeqInfo.Session) sequencer.assign(procId.actorId("mall").portId(0))).seq())
            .isEqualTo(++expected);
      }
    }
    // A return restarts the first destination's sequence for the kept key as well.
    SeqInfo.Session last = (SeqInfo.Session) sequencer.assign(mallKey, mallHash);
    assertThat(sequencer.returned(mall, last)).isTrue();
    assertThat(sequencer.assign(mallKey, mallHash))
        .isEqualTo(new SeqInfo.Session(sequencer.session(), 1, 1));
    assertThat(sequencer.counterOf(mall)).isSameInstanceAs(sequencer);
  }

  @Test
  void actorsOfOneNameAndPidOnDifferentProcsHaveTheirOwnSequences() {
    // The table hashes an id by its name, its proc's name and its pid: ids that differ only in
    // their proc's address share a hash, and must still be told apart.
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    int procs = 50;
    for (int round = 1; round <= 3; round++) {
      for (int p = 0; p < procs; p++) {
        ProcId other = new ProcId(new ChannelAddr.Local(p + 1), "proc");
        PortId dest = other.actorId("same").portId(PortId.HANDLER_INDEX);
        assertThat(((SeqInfo.Session) sequencer.assign(dest)).seq()).isEqualTo(round);
      }
    }
  }

  @Test
  void dynamicPortsOfOneActorHaveTheirOwnSequences() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    ActorId actor = procId.actorId("b");
    for (int round = 1; round <= 2; round++) {
      long first = PortId.FIRST_DYNAMIC_INDEX;
      for (long index = first; index < first + 100; index++) {
        assertThat(((SeqInfo.Session) sequencer.assign(actor.portId(index))).seq())
            .isEqualTo(round);
      }
      // The well-known ports share the actor's sequence.
      assertThat(((SeqInfo.Session) sequencer.assign(actor.portId(PortId.SIGNAL_INDEX))).seq())
          .isEqualTo(2 * round - 1);
      assertThat(((SeqInfo.Session) sequencer.assign(actor.portId(PortId.HANDLER_INDEX))).seq())
          .isEqualTo(2 * round);
    }
  }

  @Test
  void concurrentSendersToManyDestinationsNumberEachWithoutGapsOrRepeats() throws Exception {
    // Senders racing over a growing table: lookups that run without the lock must neither miss a
    // counter (a second counter would repeat numbers) nor see one half made.
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    int threads = 4;
    int destinations = 2_000;
    int rounds = 5;
    ConcurrentHashMap<Long, ConcurrentLinkedQueue<Long>> seen = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * 7;
      Thread sender =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < destinations; i++) {
                      long pid = (i + offset) % destinations;
                      PortId dest = procId.actorId("c").childId(pid).portId(PortId.HANDLER_INDEX);
                      SeqInfo.Session seq = (SeqInfo.Session) sequencer.assign(dest);
                      seen.computeIfAbsent(pid, k -> new ConcurrentLinkedQueue<>()).add(seq.seq());
                    }
                  }
                } catch (Throwable e) {
                  synchronized (errors) {
                    errors.add(e);
                  }
                }
              },
              "sequencer-sender-" + t);
      sender.start();
      senders.add(sender);
    }
    start.countDown();
    for (Thread sender : senders) {
      sender.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(sender.isAlive()).isFalse();
    }
    assertThat(errors).isEmpty();
    assertThat(seen).hasSize(destinations);
    List<Long> expected = new ArrayList<>();
    for (long n = 1; n <= (long) threads * rounds; n++) {
      expected.add(n);
    }
    for (ConcurrentLinkedQueue<Long> numbers : seen.values()) {
      assertThat(numbers).containsExactlyElementsIn(expected);
    }
  }
}
