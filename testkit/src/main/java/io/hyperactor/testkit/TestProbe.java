package io.hyperactor.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An actor that records every message it receives, for tests to make assertions about: the
 * counterpart of Pekko's {@code TestProbe}. Hand its {@link #ref()} (or a {@link #replyPort()}) to
 * the actor under test, then expect what should arrive.
 *
 * <pre>{@code
 * TestProbe<Reply> probe = kit.createProbe(Reply.class);
 * counter.send(client, new Get(probe.replyPort()));
 * Reply r = probe.expectMessage(Reply.class, Duration.ofSeconds(5));
 * probe.expectNoMessage(Duration.ofMillis(200));
 * }</pre>
 *
 * <p>Every expectation fails with an {@link AssertionError} that says what was expected and what
 * arrived (or that nothing did). The waiting methods may be called from one test thread at a time.
 *
 * @param <M> the messages the probe accepts
 */
public final class TestProbe<M> {
  private final LinkedBlockingQueue<M> received = new LinkedBlockingQueue<>();
  private final Class<M> type;
  private final ActorHandle<M> handle;

  private TestProbe(Proc proc, String name, Class<M> type) {
    this.type = checkNotNull(type, "type");
    this.handle = proc.spawn(name, new Recorder());
  }

  /** Spawns a probe named {@code name} on {@code proc}, accepting messages of {@code type}. */
  public static <M> TestProbe<M> spawn(Proc proc, String name, Class<M> type) {
    checkNotNull(proc, "proc");
    checkNotNull(name, "name");
    return new TestProbe<>(proc, name, type);
  }

  /** The probe's actor. */
  private final class Recorder implements Actor<M> {
    @Override
    public void handle(Context<M> cx, M message) {
      received.add(message);
    }

    @Override
    public Class<?> messageType() {
      return type;
    }

    @Override
    public String displayName() {
      return "TestProbe<" + type.getSimpleName() + ">";
    }
  }

  /** The probe as an actor reference, for any JVM. */
  public ActorRef<M> ref() {
    return handle.bind();
  }

  /** The probe's local handle. */
  public ActorHandle<M> handle() {
    return handle;
  }

  /** The probe's handler port, for messages that carry a port to reply on. */
  public PortRef<M> port() {
    return ref().port();
  }

  /** The probe's handler port as a one-shot reply port, for requests that take one. */
  public OncePortRef<M> replyPort() {
    return new OncePortRef<>(port().portId());
  }

  /**
   * The next message, whatever it is.
   *
   * @throws AssertionError when none arrives within {@code timeout}
   */
  public M expectMessage(Duration timeout) {
    M next = poll(timeout);
    if (next == null) {
      throw new AssertionError("timeout (" + timeout + ") waiting for a message on " + this);
    }
    return next;
  }

  /**
   * The next message, which must be a {@code expected}.
   *
   * @throws AssertionError when none arrives within {@code timeout}, or the next is of another type
   */
  public <T extends M> T expectMessage(Class<T> expected, Duration timeout) {
    M next = poll(timeout);
    if (next == null) {
      throw new AssertionError(
          "timeout ("
              + timeout
              + ") waiting for a message of type "
              + expected.getName()
              + " on "
              + this);
    }
    if (!expected.isInstance(next)) {
      throw new AssertionError(
          "expected a message of type " + expected.getName() + " on " + this + ", got " + next);
    }
    return expected.cast(next);
  }

  /**
   * The next message, which must equal {@code expected}.
   *
   * @throws AssertionError when none arrives within {@code timeout}, or the next is another
   */
  public M expectMessage(M expected, Duration timeout) {
    M next = expectMessage(timeout);
    if (!Objects.equals(next, expected)) {
      throw new AssertionError("expected " + expected + " on " + this + ", got " + next);
    }
    return next;
  }

  /**
   * Waits {@code duration} and checks that nothing arrived.
   *
   * @throws AssertionError naming the message that did arrive
   */
  public void expectNoMessage(Duration duration) {
    M next = poll(duration);
    if (next != null) {
      throw new AssertionError("expected no message on " + this + " for " + duration + ", got " + next);
    }
  }

  /**
   * The next {@code n} messages, in order.
   *
   * @throws AssertionError when fewer than {@code n} arrive within {@code timeout}, in all
   */
  public List<M> receiveN(int n, Duration timeout) {
    checkArgument(n >= 0, "n must be >= 0, got %s", n);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<M> messages = new ArrayList<>(n);
    while (messages.size() < n) {
      M next = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (next == null) {
        throw new AssertionError(
            "timeout ("
                + timeout
                + ") waiting for "
                + n
                + " messages on "
                + this
                + "; got "
                + messages.size()
                + ": "
                + messages);
      }
      messages.add(next);
    }
    return messages;
  }

  /**
   * Takes messages until {@code fisher} says {@link FishingOutcome#COMPLETE}, and returns the ones
   * it kept ({@code COMPLETE} and {@code CONTINUE}), in order. A fisher that throws fails the test
   * with its error.
   *
   * @throws AssertionError when no message completes the fishing within {@code timeout}
   */
  public List<M> fishForMessage(Duration timeout, Function<? super M, FishingOutcome> fisher) {
    checkNotNull(fisher, "fisher");
    long deadline = System.nanoTime() + timeout.toNanos();
    List<M> kept = new ArrayList<>();
    while (true) {
      M next = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (next == null) {
        throw new AssertionError(
            "timeout (" + timeout + ") fishing on " + this + "; kept so far: " + kept);
      }
      switch (checkNotNull(fisher.apply(next), "fishing outcome")) {
        case COMPLETE -> {
          kept.add(next);
          return kept;
        }
        case CONTINUE -> kept.add(next);
        case IGNORE -> {}
      }
    }
  }

  private @Nullable M poll(Duration timeout) {
    try {
      return received.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting on " + this, e);
    }
  }

  /** Stops the probe's actor. */
  public void stop() {
    handle.drainAndStop("test probe stopped");
  }

  @Override
  public String toString() {
    return "TestProbe(" + handle.actorId() + ")";
  }
}
