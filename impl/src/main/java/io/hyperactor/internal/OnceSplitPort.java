package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.SeqInfo;
import io.hyperactor.mesh.accum.Reducer;
import org.jspecify.annotations.Nullable;

/**
 * A split port that reduces exactly {@code expected} updates, passes the reduction on to its parent
 * once, and then unbinds itself: later sends fail, and come back to their senders as undeliverable.
 *
 * <p>With {@code expected == 0} every send fails, as upstream's {@code Once(0)}. An update the
 * reducer refuses is returned to its sender and does not count. Thread-safe.
 */
final class OnceSplitPort implements SplitSink {
  private final SplitTarget target;

  @Override
  public SplitTarget target() {
    return target;
  }
  private final Reducer<Object> reducer;
  private final int expected;
  private final Runnable unbind;

  @GuardedBy("this")
  private @Nullable Object reduced;

  @GuardedBy("this")
  private int received;

  @GuardedBy("this")
  private boolean done;

  OnceSplitPort(SplitTarget target, Reducer<Object> reducer, int expected, Runnable unbind) {
    checkArgument(expected >= 0, "expected must be >= 0, got %s", expected);
    this.target = checkNotNull(target, "target");
    this.reducer = checkNotNull(reducer, "reducer");
    this.expected = expected;
    this.unbind = checkNotNull(unbind, "unbind");
  }

  @Override
  public synchronized void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender) {
    checkNotNull(message, "message");
    if (expected == 0) {
      throw new IllegalArgumentException(
          "split port "
              + target.self()
              + " has reducer mode once(0): it expects no update and refuses every one");
    }
    if (done) {
      throw new MailboxSenderException(
          target.self(),
          MailboxSenderException.Kind.PORT_CLOSED,
          null,
          "split port "
              + target.self()
              + " already passed on the reduction of its "
              + expected
              + " updates");
    }
    Object r = reduced == null ? message : reduce(reduced, message);
    reduced = r;
    received++;
    if (received >= expected) {
      done = true;
      reduced = null;
      unbind.run();
      target.post(r);
    }
  }

  private Object reduce(Object left, Object right) {
    try {
      return reducer.reduce(left, right);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "split port " + target.self() + " could not reduce " + right + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "OnceSplitPort{" + target.self() + " -> " + target.parent() + ", " + expected + "}";
  }
}
