package io.hyperactor.debug;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ActorId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A thread dump of a proc's process: every thread's stack, each named with the actor whose loop it
 * runs, or why no dump could be taken.
 *
 * @param pid the process id
 * @param takenAt when the dump was taken
 * @param threads the threads; empty when {@code error} is set
 * @param error why the dump failed, or null
 */
public record ThreadDumpResult(
    long pid, Instant takenAt, List<ThreadStack> threads, @Nullable String error) {
  public ThreadDumpResult {
    checkNotNull(takenAt, "takenAt");
    threads = List.copyOf(checkNotNull(threads, "threads"));
  }

  /** The thread running the loop of {@code actorId}, if it was in the dump. */
  public Optional<ThreadStack> actorThread(ActorId actorId) {
    String id = actorId.toString();
    return threads.stream().filter(t -> id.equals(t.actorId())).findFirst();
  }

  /** The dump as text, one block per thread, in the style of {@code jstack}. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("thread dump of pid ").append(pid).append(" at ").append(takenAt).append('\n');
    if (error != null) {
      out.append("error: ").append(error).append('\n');
    }
    for (ThreadStack t : threads) {
      out.append('\n').append('#').append(t.tid()).append(" \"").append(t.name()).append('"');
      if (t.virtual()) {
        out.append(" virtual");
      }
      if (!t.state().isEmpty()) {
        out.append(' ').append(t.state());
      }
      if (t.actorId() != null) {
        out.append(" actor=").append(t.actorId()).append(" status=").append(t.actorStatus());
      }
      out.append('\n');
      for (String frame : t.frames()) {
        out.append("    ").append(frame).append('\n');
      }
    }
    return out.toString();
  }
}
