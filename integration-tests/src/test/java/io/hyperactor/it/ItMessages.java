package io.hyperactor.it;

import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.ref.OncePortRef;

/** The messages the integration-test peers exchange, and the registry both sides use. */
final class ItMessages {
  private ItMessages() {}

  /** Asks the echo actor to double {@code n}. */
  record Ask(long n, OncePortRef<Long> reply) {}

  /** One numbered message of a stream to the counter actor. */
  record Seq(long n) implements CounterMsg {}

  /** Asks the counter actor to reply once it has seen {@code target} messages. */
  record AwaitCount(long target, OncePortRef<Progress> reply) implements CounterMsg {}

  /**
   * What the counter actor saw.
   *
   * @param count messages received
   * @param outOfOrder messages whose number was not the one expected next
   * @param firstProblem a description of the first out-of-order message, or empty
   */
  record Progress(long count, long outOfOrder, String firstProblem) {}

  /** Messages to the counter actor. */
  sealed interface CounterMsg permits Seq, AwaitCount {}

  /** Registers the messages of these tests. */
  static void register(CodecRegistrar codecs) {
    codecs
        .record("it.Ask", Ask.class)
        .record("it.Progress", Progress.class)
        .sealed("it.CounterMsg", CounterMsg.class);
  }
}
