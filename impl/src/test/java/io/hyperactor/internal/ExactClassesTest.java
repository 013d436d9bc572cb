package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExactClassesTest {
  sealed interface Msg permits Ping, Pong, Nested, Open {}

  record Ping() implements Msg {}

  record Pong(int n) implements Msg {}

  sealed interface Nested extends Msg permits Deep {}

  record Deep() implements Nested {}

  non-sealed static class Open implements Msg {}

  static final class OpenChild extends Open {}

  interface Unsealed {}

  @Test
  void aSealedTypeListsItsFinalClassesRecursivelyAndSkipsWhatIsOpen() {
    assertThat(ExactClasses.of(List.of(Msg.class), 8))
        .asList()
        .containsExactly(Ping.class, Pong.class, Deep.class);
  }

  @Test
  void aFinalTypeListsItselfAndAnOpenOrArrayTypeNothing() {
    assertThat(ExactClasses.of(List.of(String.class, Unsealed.class, Object[].class), 8))
        .asList()
        .containsExactly(String.class);
    assertThat(ExactClasses.of(List.of(Open.class), 8)).isEmpty();
  }

  @Test
  void moreClassesThanTheLimitListNone() {
    assertThat(ExactClasses.of(List.of(Msg.class), 2)).isEmpty();
    assertThat(ExactClasses.of(List.of(Msg.class), 3)).hasLength(3);
  }

  @Test
  void theProtocolAcceptsListedClassesAndStillChecksTheOthers() {
    Protocol protocol = Protocol.ofType(Msg.class);
    assertThat(protocol.accepts(new Ping())).isTrue();
    assertThat(protocol.accepts(new Deep())).isTrue();
    // Not listed (an open class's subclass), accepted by the instance check.
    assertThat(protocol.accepts(new OpenChild())).isTrue();
    assertThat(protocol.accepts("a string")).isFalse();
    assertThat(protocol.accepts(new Object() {})).isFalse();
  }
}
