package io.hyperactor.internal;

import io.hyperactor.id.ActorId;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The SLF4J MDC entries of one actor: its id, its proc's id and, for a mesh actor, its rank, set
 * on the thread of each activation while the actor's handlers run.
 *
 * <p>An activation handles a batch of items, so the entries are set once per activation rather
 * than per message, from strings computed ahead. Every activation sets all three keys (an actor
 * without a rank removes the rank key), so no handler sees another actor's entries. An actor does
 * not keep its entries: a pool worker keeps those of the actors it ran lately ({@link
 * ActorDispatcher.Worker#mdcOf}), so an idle actor holds no text of its id; an actor on virtual
 * threads keeps its own.
 *
 * <p>On a virtual thread, {@link #exit} puts back what the thread held before {@link #enter}. A
 * pool worker runs a chain of activations per task, often of two actors in turn (ping-pong); it
 * skips the save and restore, overwrites the entries at each activation, and removes them when
 * the task ends ({@link #endTask}), so the worker is clean outside its tasks.
 *
 * <p>Confined to the thread of the activation that owns the actor's loop; a worker's {@code mdc}
 * field is its own.
 */
final class ActorMdc {
  /** The MDC key of the running actor's id. */
  static final String ACTOR_KEY = "hyperactor.actor";

  /** The MDC key of the running actor's proc id. */
  static final String PROC_KEY = "hyperactor.proc";

  /** The MDC key of the running actor's rank in its mesh; absent for an actor without one. */
  static final String RANK_KEY = "hyperactor.rank";

  private final String actor;
  private final String proc;
  private final @Nullable String rank;

  private @Nullable String previousActor;
  private @Nullable String previousProc;
  private @Nullable String previousRank;

  /**
   * @param proc the proc id's text, shared by the proc's actors
   * @param rank the rank's text, or null for an actor without one
   */
  ActorMdc(ActorId id, String proc, @Nullable String rank) {
    this.actor = id.toString();
    this.proc = proc;
    this.rank = rank;
  }

  /** The actor's id text, also the name of the actor's virtual threads. */
  String actor() {
    return actor;
  }

  /** Sets this actor's entries on the calling thread, remembering the ones they replace. */
  void enter() {
    previousActor = MDC.get(ACTOR_KEY);
    previousProc = MDC.get(PROC_KEY);
    previousRank = MDC.get(RANK_KEY);
    put();
  }

  /** Puts back the entries the calling thread held before {@link #enter}. */
  void exit() {
    restore(ACTOR_KEY, previousActor);
    restore(PROC_KEY, previousProc);
    if (rank != null || previousRank != null) {
      restore(RANK_KEY, previousRank);
    }
    previousActor = null;
    previousProc = null;
    previousRank = null;
  }

  /**
   * Sets this actor's entries on the calling pool worker. A worker runs nothing but activations
   * between the start and the end of its task, so nothing needs saving: the entries of the
   * previous activation are overwritten, or kept where they already hold this actor's value, and
   * {@link #endTask} removes them when the task ends.
   */
  void enterOnWorker(ActorDispatcher.Worker worker) {
    ActorMdc previous = worker.mdc;
    MDC.put(ACTOR_KEY, actor);
    // The actors of a proc share its text, and most activations in a task follow one of the same
    // proc, whose entry is then still there: reading it costs less than putting it again (a put
    // also makes the logging backend drop its read-only copy of the map). Read, not assumed, as a
    // handler may have changed or removed it.
    if (MDC.get(PROC_KEY) != proc) {
      MDC.put(PROC_KEY, proc);
    }
    // After an activation without a rank in this task the key is absent already: only a handler
    // that set our own rank key itself would have put it back.
    putRank(previous != null && previous.rank == null);
    worker.mdc = this;
  }

  /**
   * Ends a worker task's use of the MDC: removes the entries its activations set, or, for a task
   * that ran nested inside an activation of {@code outer} (a pool that helps while a handler
   * waits), puts back that activation's entries.
   */
  static void endTask(ActorDispatcher.Worker worker, @Nullable ActorMdc outer) {
    ActorMdc last = worker.mdc;
    worker.mdc = outer;
    if (outer != null) {
      if (last != outer) {
        outer.put();
      }
    } else if (last != null) {
      MDC.remove(ACTOR_KEY);
      MDC.remove(PROC_KEY);
      if (last.rank != null) {
        MDC.remove(RANK_KEY);
      }
    }
  }

  private void put() {
    MDC.put(ACTOR_KEY, actor);
    MDC.put(PROC_KEY, proc);
    putRank(false);
  }

  /** Sets or removes the rank entry; {@code rankKeyAbsent}: it is known to be absent already. */
  private void putRank(boolean rankKeyAbsent) {
    if (rank != null) {
      MDC.put(RANK_KEY, rank);
    } else if (!rankKeyAbsent) {
      MDC.remove(RANK_KEY);
    }
  }

  private static void restore(String key, @Nullable String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
