package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.SeqInfo;
import org.jspecify.annotations.Nullable;

/**
 * A split port without a reducer: every message is passed on to the parent as it arrives, in the
 * caller's thread, so messages from one sender keep their order. Thread-safe.
 */
final class ForwardingSplitPort implements SplitSink {
  private final SplitTarget target;

  @Override
  public SplitTarget target() {
    return target;
  }

  ForwardingSplitPort(SplitTarget target) {
    this.target = checkNotNull(target, "target");
  }

  @Override
  public void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender) {
    target.post(checkNotNull(message, "message"));
  }

  @Override
  public String toString() {
    return "ForwardingSplitPort{" + target.self() + " -> " + target.parent() + "}";
  }
}
