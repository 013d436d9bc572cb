package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** The lane's order, its accounting of every item, and that a drained lane keeps no node. */
class MpscLaneTest {

  @Test
  void aNewLaneIsEmptyAndAtRest() {
    MpscLane lane = new MpscLane();
    assertThat(lane.isLaneEmpty()).isTrue();
    assertThat(lane.atRest()).isTrue();
    assertThat(lane.poll()).isNull();
    assertThat(lane.depth()).isEqualTo(0);
  }

  @Test
  void itemsComeOutInOrderAndADrainedLaneIsItsOwnStubAgain() {
    MpscLane lane = new MpscLane();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5; i++) {
        lane.push(round * 10 + i, null);
      }
      assertThat(lane.isLaneEmpty()).isFalse();
      assertThat(lane.depth()).isEqualTo(5);
      for (int i = 0; i < 5; i++) {
        assertThat(lane.poll()).isEqualTo(round * 10 + i);
      }
      // The last node taken is the stub until a poll finds nothing behind it.
      assertThat(lane.isLaneEmpty()).isTrue();
      assertThat(lane.atRest()).isFalse();
      assertThat(lane.poll()).isNull();
      assertThat(lane.atRest()).isTrue();
      assertThat(lane.isLaneEmpty()).isTrue();
    }
  }

  @Test
  void theLaneKeepsNoLinkToANodeTheConsumerHasPassed() {
    // A lane that never empties must not hold the chain of nodes it has passed.
    MpscLane lane = new MpscLane();
    lane.push("a", null);
    lane.push("b", null);
    assertThat(lane.next).isNotNull();
    assertThat(lane.poll()).isEqualTo("a");
    assertThat(lane.next).isNull();
    lane.push("c", null);
    assertThat(lane.poll()).isEqualTo("b");
    assertThat(lane.poll()).isEqualTo("c");
    assertThat(lane.poll()).isNull();
    assertThat(lane.next).isNull();
    lane.push("d", null);
    assertThat(lane.next).isNotNull();
    assertThat(lane.poll()).isEqualTo("d");
  }

  @Test
  void aSweepReportsEveryItemItsProducerDidNotTakeBackAndLeavesTheLaneAtRest() {
    MpscLane lane = new MpscLane();
    lane.push("kept-1", "s1");
    MpscLane.Node takenBack = lane.push("taken-back", "s2");
    lane.push("kept-2", null);
    assertThat(takenBack.claim(MpscLane.Node.PRODUCER)).isTrue();
    assertThat(lane.depth()).isEqualTo(2);
    List<String> swept = new ArrayList<>();
    long n = lane.sweepLane((item, sender) -> swept.add(item + "/" + sender));
    assertThat(n).isEqualTo(2);
    assertThat(swept).containsExactly("kept-1/s1", "kept-2/null").inOrder();
    assertThat(lane.atRest()).isTrue();
  }

  @Test
  void concurrentProducersKeepTheirOrderAndLoseNothingAcrossEmptyPolls()
      throws Exception {
    int producers = 4;
    int perProducer = 200_000;
    MpscLane lane = new MpscLane();
    CyclicBarrier start = new CyclicBarrier(producers + 1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int id = p;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
                for (int i = 0; i < perProducer; i++) {
                  lane.push(new long[] {id, i}, null);
                  if ((i & 0x3f) == 0) {
                    // Lets the consumer catch up, so that its polls find the lane empty and put
                    // the stub back while the other producers push.
                    while (!lane.isLaneEmpty()) {
                      Thread.yield();
                    }
                  }
                }
              },
              "lane-producer-" + p);
      t.start();
      threads.add(t);
    }
    start.await();
    long[] nextOf = new long[producers];
    long taken = 0;
    while (taken < (long) producers * perProducer) {
      long[] item = (long[]) lane.poll();
      if (item == null) {
        continue;
      }
      int p = (int) item[0];
      assertThat(item[1]).isEqualTo(nextOf[p]);
      nextOf[p]++;
      taken++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(lane.poll()).isNull();
    assertThat(lane.atRest()).isTrue();
    for (int p = 0; p < producers; p++) {
      assertThat(nextOf[p]).isEqualTo(perProducer);
    }
  }
}
