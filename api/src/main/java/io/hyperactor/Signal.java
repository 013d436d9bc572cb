package io.hyperactor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/** A control message the runtime delivers to an actor's loop, ahead of its queued work. */
public sealed interface Signal
    permits Signal.Stop, Signal.DrainAndStop, Signal.Abort, Signal.ChildStopped {

  /**
   * Stop now: queued work is dropped.
   *
   * @param reason why
   */
  record Stop(String reason) implements Signal {
    public Stop {
      checkNotNull(reason, "reason");
    }
  }

  /**
   * Stop after handling the work already queued.
   *
   * @param reason why
   */
  record DrainAndStop(String reason) implements Signal {
    public DrainAndStop {
      checkNotNull(reason, "reason");
    }
  }

  /**
   * Fail now with an "aborted" error.
   *
   * @param reason why
   */
  record Abort(String reason) implements Signal {
    public Abort {
      checkNotNull(reason, "reason");
    }
  }

  /**
   * A child with {@code pid} has terminated and unlinked itself.
   *
   * @param pid the child's pid
   */
  record ChildStopped(long pid) implements Signal {
    public ChildStopped {
      checkArgument(pid > 0, "child pid must be > 0, got %s", pid);
    }
  }
}
