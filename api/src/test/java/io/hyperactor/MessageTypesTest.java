package io.hyperactor;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Actor#messageType()}: {@code M} as an actor's class fixes it, else its bound. */
class MessageTypesTest {
  sealed interface Protocol permits Ping {}

  record Ping() implements Protocol {}

  static final class Fixed implements Actor<Protocol> {
    @Override
    public void handle(Context<Protocol> cx, Protocol message) {}
  }

  static class Generic<T> implements Actor<T> {
    @Override
    public void handle(Context<T> cx, T message) {}
  }

  static final class FixedThroughASuperclass extends Generic<String> {}

  static class Bounded<T extends Number> implements Actor<T> {
    @Override
    public void handle(Context<T> cx, T message) {}
  }

  static final class OfLists implements Actor<List<String>> {
    @Override
    public void handle(Context<List<String>> cx, List<String> message) {}
  }

  @Test
  void aClassThatFixesItsProtocolAcceptsIt() {
    assertThat(new Fixed().messageType()).isEqualTo(Protocol.class);
    assertThat(new FixedThroughASuperclass().messageType()).isEqualTo(String.class);
    assertThat(new OfLists().messageType()).isEqualTo(List.class);
  }

  @Test
  void aClassThatLeavesItOpenAcceptsItsBound() {
    assertThat(new Generic<String>().messageType()).isEqualTo(Object.class);
    assertThat(new Bounded<Long>().messageType()).isEqualTo(Number.class);
    Actor<Long> lambda = (cx, message) -> {};
    assertThat(lambda.messageType()).isEqualTo(Object.class);
  }
}
