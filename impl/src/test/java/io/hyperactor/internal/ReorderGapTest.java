package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.DeliveryError;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How the reorder buffer ends a gap instead of holding its sender's later messages for good: a new
 * epoch, a skip, or the bounded wait. Driven by a manual clock and timer, so no test sleeps.
 */
class ReorderGapTest {
  private static final Duration GAP_TIMEOUT = Duration.ofSeconds(6);
  private static final ActorId OWNER =
      new ProcId(new ChannelAddr.Local(0), "gaps").actorId("owner");

  private final UUID session = UUID.randomUUID();
  private final List<Object> released = new ArrayList<>();
  private final List<Returned> returned = new ArrayList<>();
  private final List<Scheduled> timers = new ArrayList<>();
  private long now = 1_000_000_000L;

  private record Returned(Object item, SeqInfo.Session seq, DeliveryError error) {}

  private record Scheduled(Runnable task, long delayNanos, boolean[] cancelled) {}

  private final OwnedReorderBuffer buffer =
      new OwnedReorderBuffer(
          OWNER,
          (item, sender, seq, error) -> returned.add(new Returned(item, seq, error)),
          (task, delayNanos) -> {
            boolean[] cancelled = {false};
            timers.add(new Scheduled(task, delayNanos, cancelled));
            return () -> cancelled[0] = true;
          },
          GAP_TIMEOUT,
          () -> now);

  private void accept(long epoch, long seq, Object item) {
    buffer.accept(
        new SeqInfo.Session(session, seq, epoch), item, "sender", (m, s) -> released.add(m));
  }

  /** Runs the timers due by now, as the real timer would. */
  private void runDueTimers() {
    List<Scheduled> due = new ArrayList<>(timers);
    timers.clear();
    for (Scheduled t : due) {
      if (!t.cancelled()[0]) {
        t.task().run();
      }
    }
  }

  private List<Object> returnedItems() {
    return returned.stream().map(Returned::item).toList();
  }

  @Test
  void aNewEpochReturnsWhatTheOldOneHeldAndStartsAfresh() {
    accept(0, 1, "a1");
    accept(0, 3, "a3"); // waits for 2, which its sender got back
    assertThat(released).containsExactly("a1");
    accept(1, 1, "b1");
    assertThat(released).containsExactly("a1", "b1").inOrder();
    assertThat(returnedItems()).containsExactly("a3");
    Returned r = returned.getFirst();
    assertThat(r.error().kind()).isEqualTo(DeliveryError.Kind.SEQUENCE_GAP);
    assertThat(r.error().message()).contains("message seq 3 (epoch 0)");
    assertThat(r.error().message()).contains("waited behind a gap at seq 2");
    assertThat(r.seq()).isEqualTo(new SeqInfo.Session(session, 3, 0));
    // An old-epoch message that arrives now would be out of order: it is returned too.
    accept(0, 2, "a2");
    accept(1, 2, "b2");
    assertThat(released).containsExactly("a1", "b1", "b2").inOrder();
    assertThat(returnedItems()).containsExactly("a3", "a2").inOrder();
    assertThat(returned.get(1).error().message())
        .contains("arrived after its sender restarted its sequence at epoch 1");
  }

  @Test
  void aNewEpochMayItselfArriveOutOfOrder() {
    accept(0, 1, "a1");
    accept(1, 2, "b2");
    accept(1, 1, "b1");
    assertThat(released).containsExactly("a1", "b1", "b2").inOrder();
    assertThat(returned).isEmpty();
  }

  @Test
  void aSessionPastEpochZeroTakesItsInOrderItemsAndRefusesTheOldEpoch() {
    accept(0, 1, "a1");
    accept(1, 1, "b1");
    accept(1, 2, "b2");
    accept(1, 3, "b3");
    assertThat(released).containsExactly("a1", "b1", "b2", "b3").inOrder();
    accept(0, 2, "a2");
    assertThat(returnedItems()).containsExactly("a2");
    assertThat(returned.getFirst().error().message())
        .contains("arrived after its sender restarted its sequence at epoch 1");
    accept(2, 1, "c1");
    assertThat(released).containsExactly("a1", "b1", "b2", "b3", "c1").inOrder();
  }

  @Test
  void aSkipFillsTheNumberOfARefusedMessage() {
    accept(0, 1, "a1");
    accept(0, 3, "a3");
    accept(0, 4, "a4");
    assertThat(released).containsExactly("a1");
    accept(0, 2, ReorderBuffer.SKIP);
    assertThat(released).containsExactly("a1", "a3", "a4").inOrder();
    assertThat(returned).isEmpty();
    // A skip in order is consumed without a trace, too.
    accept(0, 5, ReorderBuffer.SKIP);
    accept(0, 6, "a6");
    assertThat(released).containsExactly("a1", "a3", "a4", "a6").inOrder();
  }

  @Test
  void aGapThatOutlivesTheTimeoutReturnsWhatItHeldAndAbandonsTheEpoch() {
    accept(0, 1, "a1");
    accept(0, 3, "a3");
    accept(0, 4, "a4");
    assertThat(timers).hasSize(1);
    assertThat(timers.getFirst().delayNanos()).isEqualTo(GAP_TIMEOUT.toNanos());
    now += GAP_TIMEOUT.toNanos();
    runDueTimers();
    assertThat(released).containsExactly("a1");
    assertThat(returnedItems()).containsExactly("a3", "a4").inOrder();
    assertThat(returned.getFirst().error().kind()).isEqualTo(DeliveryError.Kind.SEQUENCE_GAP);
    assertThat(returned.getFirst().error().message())
        .contains("waited 6000 ms for seq 2, which never arrived");
    assertThat(timers).isEmpty();
    // The epoch is abandoned: even the missing message is returned, not delivered after a4 was.
    accept(0, 2, "a2");
    accept(0, 5, "a5");
    assertThat(returnedItems()).containsExactly("a3", "a4", "a2", "a5").inOrder();
    assertThat(returned.get(2).error().message()).contains("arrived after its epoch was abandoned");
    // The sender, told by those returns, starts a new epoch, which flows.
    accept(1, 1, "b1");
    assertThat(released).containsExactly("a1", "b1").inOrder();
  }

  @Test
  void aGapYoungerThanTheTimeoutIsCheckedAgainLater() {
    accept(0, 2, "a2"); // gap at 1 from now
    now += GAP_TIMEOUT.toNanos() / 2;
    accept(0, 1, "a1"); // fills it
    accept(0, 4, "a4"); // a new gap, at 3, from now
    assertThat(released).containsExactly("a1", "a2").inOrder();
    now += GAP_TIMEOUT.toNanos() / 2;
    runDueTimers(); // the first timer: the gap at 3 is only half as old as the timeout
    assertThat(returned).isEmpty();
    assertThat(timers).hasSize(1);
    assertThat(timers.getFirst().delayNanos()).isEqualTo(GAP_TIMEOUT.toNanos() / 2);
    now += GAP_TIMEOUT.toNanos() / 2;
    runDueTimers();
    assertThat(returnedItems()).containsExactly("a4");
  }

  @Test
  void closingReturnsWhatIsHeldAndEverythingLater() {
    accept(0, 1, "a1");
    accept(0, 3, "a3");
    DeliveryError stopped =
        new DeliveryError(DeliveryError.Kind.MAILBOX, "mailbox owner " + OWNER + " terminated");
    buffer.close(() -> stopped);
    assertThat(timers.getFirst().cancelled()[0]).isTrue();
    accept(0, 2, "a2");
    assertThat(released).containsExactly("a1");
    assertThat(returnedItems()).containsExactly("a3", "a2").inOrder();
    assertThat(returned.stream().map(Returned::error).distinct().toList()).containsExactly(stopped);
  }

  @Test
  void aTimerThatFiresAfterTheCloseChangesNothingAndNoneIsArmedAgain() {
    accept(0, 1, "a1");
    accept(0, 3, "a3");
    Scheduled armed = timers.getFirst();
    DeliveryError stopped =
        new DeliveryError(DeliveryError.Kind.MAILBOX, "mailbox owner " + OWNER + " terminated");
    buffer.close(() -> stopped);
    assertThat(armed.cancelled()[0]).isTrue();
    // The timer ran before its cancel could stop it: the closed buffer keeps its state.
    now += 2 * GAP_TIMEOUT.toNanos();
    armed.task().run();
    accept(0, 5, "a5");
    assertThat(released).containsExactly("a1");
    assertThat(returnedItems()).containsExactly("a3", "a5").inOrder();
    assertThat(returned.stream().map(Returned::error).distinct().toList()).containsExactly(stopped);
    assertThat(timers).containsExactly(armed);
  }

  @Test
  void closingWithNothingHeldMakesNoErrorUntilSomethingArrives() {
    accept(0, 1, "a1");
    DeliveryError stopped =
        new DeliveryError(DeliveryError.Kind.MAILBOX, "mailbox owner " + OWNER + " terminated");
    int[] made = {0};
    buffer.close(
        () -> {
          made[0]++;
          return stopped;
        });
    assertThat(made[0]).isEqualTo(0);
    accept(0, 2, "a2");
    assertThat(made[0]).isEqualTo(1);
    assertThat(returnedItems()).containsExactly("a2");
    assertThat(returned.getFirst().error()).isEqualTo(stopped);
  }

  @Test
  void skipsAreNeverReturned() {
    accept(0, 1, "a1");
    accept(0, 3, ReorderBuffer.SKIP);
    accept(1, 1, "b1");
    assertThat(released).containsExactly("a1", "b1").inOrder();
    assertThat(returned).isEmpty();
  }
}
