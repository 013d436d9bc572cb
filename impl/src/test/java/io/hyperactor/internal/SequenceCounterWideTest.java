package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A counter packs its epoch and its last number into one word until either outgrows it; past
 * that it counts on without a gap or a repeat, in the same epoch, and restarts as before. The
 * counters are moved close to the word's limits directly: 2^51 sends take too long for a test.
 */
class SequenceCounterWideTest {
  private static final long LIMIT = SequenceCounter.PACKED_SEQ_LIMIT;
  private final ProcId procId = new ProcId(new ChannelAddr.Local(0), "wide");
  private final Sequencer sequencer = new Sequencer(UUID.randomUUID());
  private final PortId b = procId.actorId("b").portId(PortId.HANDLER_INDEX);
  private final PortId c = procId.actorId("c").portId(PortId.HANDLER_INDEX);

  private SeqInfo.Session assign(PortId dest) {
    return (SeqInfo.Session) sequencer.assign(dest);
  }

  private SeqInfo.Session seq(long seq, long epoch) {
    return new SeqInfo.Session(sequencer.session(), seq, epoch);
  }

  private SequenceCounter counterOf(PortId dest) {
    SequenceCounter counter = sequencer.counterOf(dest);
    assertThat(counter).isNotNull();
    return counter;
  }

  @Test
  void numbersPastTheWordGoOnInTheSameEpochForTheOwnCounterAndATableCounter() {
    assign(b);
    assign(c);
    // b is the sequencer's own counter, c one in its table.
    counterOf(b).setStateForTest(0, LIMIT - 3);
    counterOf(c).setStateForTest(0, LIMIT - 2);
    assertThat(assign(b)).isEqualTo(seq(LIMIT - 2, 0));
    assertThat(assign(b)).isEqualTo(seq(LIMIT - 1, 0));
    assertThat(assign(c)).isEqualTo(seq(LIMIT - 1, 0));
    assertThat(counterOf(b).isWide()).isFalse();
    assertThat(assign(b)).isEqualTo(seq(LIMIT, 0));
    assertThat(counterOf(b).isWide()).isTrue();
    assertThat(assign(c)).isEqualTo(seq(LIMIT, 0));
    assertThat(assign(b)).isEqualTo(seq(LIMIT + 1, 0));
    assertThat(assign(c)).isEqualTo(seq(LIMIT + 1, 0));

    // A wide counter restarts once per epoch, as a packed one does.
    SeqInfo.Session returned = seq(LIMIT + 1, 0);
    assertThat(sequencer.returned(c, returned)).isTrue();
    assertThat(sequencer.returned(c, seq(LIMIT, 0))).isFalse();
    assertThat(assign(c)).isEqualTo(seq(1, 1));
    assertThat(assign(c)).isEqualTo(seq(2, 1));
    assertThat(assign(b)).isEqualTo(seq(LIMIT + 2, 0));
  }

  @Test
  void epochsPastTheWordGoOnFromOneInTheNextEpoch() {
    assign(b);
    long last = SequenceCounter.PACKED_EPOCH_LIMIT - 2;
    counterOf(b).setStateForTest(last, 5);
    SeqInfo.Session sixth = assign(b);
    assertThat(sixth).isEqualTo(seq(6, last));
    assertThat(sequencer.returned(b, sixth)).isTrue();
    SeqInfo.Session first = assign(b);
    assertThat(first).isEqualTo(seq(1, last + 1));
    assertThat(counterOf(b).isWide()).isFalse();
    assertThat(sequencer.returned(b, first)).isTrue();
    assertThat(counterOf(b).isWide()).isTrue();
    assertThat(assign(b)).isEqualTo(seq(1, last + 2));
    assertThat(assign(b)).isEqualTo(seq(2, last + 2));
    assertThat(sequencer.returned(b, first)).isFalse();
    assertThat(sequencer.returned(b, seq(2, last + 2))).isTrue();
    assertThat(assign(b)).isEqualTo(seq(1, last + 3));
  }

  @Test
  void aForgottenWideCounterLeavesTheTableAndItsDestinationStartsAfresh() {
    assign(b);
    assign(c);
    counterOf(c).setStateForTest(0, LIMIT - 1);
    assertThat(assign(c)).isEqualTo(seq(LIMIT, 0));
    sequencer.forget(c.actorId());
    assertThat(sequencer.counterOf(c)).isNull();
    assertThat(assign(c)).isEqualTo(seq(1, 0));
    assertThat(assign(b)).isEqualTo(seq(2, 0));
  }

  @Test
  void restartsAndDrawsKeepTheHashBitsThatFindACounter() {
    // The word keeps 8 bits of its key's hash; a restart or a draw that disturbed them would make
    // a probe pass its destination's counter by and start a second sequence for it. Each send
    // names its destination with a new, equal id, so that no probe matches by identity.
    int count = 1_000;
    for (int i = 0; i < count; i++) {
      assign(dest(i));
    }
    for (int i = 0; i < count; i++) {
      SeqInfo.Session second = assign(dest(i));
      if (i % 2 == 0) {
        assertThat(sequencer.returned(dest(i), second)).isTrue();
      }
    }
    for (int i = 0; i < count; i++) {
      assertThat(assign(dest(i))).isEqualTo(i % 2 == 0 ? seq(1, 1) : seq(3, 0));
    }
    assertThat(sequencer.tableEntries()).isEqualTo(count);
  }

  private PortId dest(int i) {
    return procId.actorId("d" + i).portId(PortId.HANDLER_INDEX);
  }

  @Test
  void sendersRacingAcrossTheWordsEndDrawEveryNumberOnce() throws Exception {
    assign(b);
    long start = LIMIT - 10_000;
    counterOf(b).setStateForTest(0, start);
    int threads = 4;
    int perThread = 10_000;
    List<List<SeqInfo.Session>> drawn = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      List<SeqInfo.Session> mine = new ArrayList<>();
      drawn.add(mine);
      senders.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                      mine.add(assign(b));
                    }
                  }));
    }
    go.countDown();
    for (Thread t : senders) {
      t.join();
    }
    Set<Long> numbers = new HashSet<>();
    for (List<SeqInfo.Session> mine : drawn) {
      long previous = 0;
      for (SeqInfo.Session s : mine) {
        assertThat(s.epoch()).isEqualTo(0);
        assertThat(numbers.add(s.seq())).isTrue();
        // Each sender's own numbers rise: a receiver can restore its order.
        assertThat(s.seq()).isGreaterThan(previous);
        previous = s.seq();
      }
    }
    assertThat(numbers).hasSize(threads * perThread);
    assertThat(numbers.stream().mapToLong(Long::longValue).min().getAsLong()).isEqualTo(start + 1);
    assertThat(numbers.stream().mapToLong(Long::longValue).max().getAsLong())
        .isEqualTo(start + threads * perThread);
  }
}
