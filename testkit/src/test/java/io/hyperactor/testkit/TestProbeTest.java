package io.hyperactor.testkit;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration QUIET = Duration.ofMillis(100);

  @RegisterExtension static final HyperactorTestKit kit = HyperactorTestKit.create();

  sealed interface Msg permits A, B {}

  record A(int n) implements Msg {}

  record B(String s) implements Msg {}

  @Test
  void expect_message_by_type_and_by_value() {
    TestProbe<Msg> probe = kit.createProbe(Msg.class);
    probe.ref().send(kit.client(), new A(1));
    probe.ref().send(kit.client(), new B("x"));
    assertThat(probe.expectMessage(A.class, TIMEOUT)).isEqualTo(new A(1));
    assertThat(probe.expectMessage(new B("x"), TIMEOUT)).isEqualTo(new B("x"));
  }

  @Test
  void expect_message_of_the_wrong_type_fails_naming_both() {
    TestProbe<Msg> probe = kit.createProbe(Msg.class);
    probe.ref().send(kit.client(), new B("x"));
    AssertionError e = assertThrows(AssertionError.class, () -> probe.expectMessage(A.class, TIMEOUT));
    assertThat(e).hasMessageThat().contains("expected a message of type " + A.class.getName());
    assertThat(e).hasMessageThat().contains("got B[s=x]");
  }

  @Test
  void expect_message_times_out_with_a_clear_error() {
    TestProbe<Msg> probe = kit.createProbe(Msg.class);
    AssertionError e = assertThrows(AssertionError.class, () -> probe.expectMessage(QUIET));
    assertThat(e).hasMessageThat().contains("timeout");
    assertThat(e).hasMessageThat().contains(probe.handle().actorId().toString());
  }

  @Test
  void expect_no_message_fails_when_one_arrives() {
    TestProbe<Msg> probe = kit.createProbe(Msg.class);
    probe.expectNoMessage(QUIET);
    probe.ref().send(kit.client(), new A(7));
    AssertionError e = assertThrows(AssertionError.class, () -> probe.expectNoMessage(TIMEOUT));
    assertThat(e).hasMessageThat().contains("got A[n=7]");
  }

  @Test
  void receive_n_returns_messages_in_order_or_fails_with_what_came() {
    TestProbe<Msg> probe = kit.createProbe(Msg.class);
    for (int i = 0; i < 5; i++) {
      probe.ref().send(kit.client(), new A(i));
    }
    assertThat(probe.receiveN(3, TIMEOUT)).containsExactly(new A(0), new A(1), new A(2)).inOrder();
    AssertionError e = assertThrows(AssertionError.class, () -> probe.receiveN(3, QUIET));
    assertThat(e).hasMessageThat().contains("got 2: [A[n=3], A[n=4]]");
  }

  @Test
  void fish_for_message_keeps_what_it_is_told_and_stops_at_completion() {
    TestProbe<Msg> probe = kit.createProbe(Msg.class);
    probe.ref().send(kit.client(), new B("noise"));
    probe.ref().send(kit.client(), new A(1));
    probe.ref().send(kit.client(), new A(2));
    probe.ref().send(kit.client(), new A(3));
    List<Msg> kept =
        probe.fishForMessage(
            TIMEOUT,
            m ->
                switch (m) {
                  case B b -> FishingOutcome.IGNORE;
                  case A a when a.n() == 2 -> FishingOutcome.COMPLETE;
                  case A a -> FishingOutcome.CONTINUE;
                });
    assertThat(kept).containsExactly(new A(1), new A(2)).inOrder();
    assertThat(probe.expectMessage(A.class, TIMEOUT)).isEqualTo(new A(3));
  }

  @Test
  void a_reply_port_delivers_to_the_probe() {
    TestProbe<Msg> probe = kit.createProbe(Msg.class);
    probe.replyPort().send(kit.client(), new A(42));
    assertThat(probe.expectMessage(A.class, TIMEOUT)).isEqualTo(new A(42));
  }
}
