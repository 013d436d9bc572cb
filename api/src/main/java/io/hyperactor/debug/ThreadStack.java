package io.hyperactor.debug;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One thread in a {@link ThreadDumpResult}.
 *
 * @param tid the JVM thread id
 * @param name the thread's name; an actor's loop thread is named after the actor id
 * @param virtual whether it is a virtual thread
 * @param state the thread state as reported by the JVM (e.g. {@code WAITING}); empty if unknown
 * @param actorId the id of the actor on this proc whose loop the thread runs, or null
 * @param actorStatus that actor's status when the dump was taken (e.g. the handler it is
 *     processing), or null
 * @param frames the stack, innermost first, including lock lines such as {@code - parking to wait
 *     for ...}
 */
public record ThreadStack(
    long tid,
    String name,
    boolean virtual,
    String state,
    @Nullable String actorId,
    @Nullable String actorStatus,
    List<String> frames) {
  public ThreadStack {
    checkNotNull(name, "name");
    checkNotNull(state, "state");
    frames = List.copyOf(checkNotNull(frames, "frames"));
  }
}
