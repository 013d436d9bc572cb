package io.hyperactor.internal;

import io.hyperactor.id.ActorId;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The SLF4J MDC entries of one actor: its id, its proc's id and, for a mesh actor, its rank, set
 * on the thread of each activation while the actor's handlers run.
 *
 * <p>An activation handles a batch of items, so the entries are set once per activation rather
 * than per message, from strings computed once per actor. The MDC is thread-local and pool
 * workers run many actors one after another: {@link #exit} puts back what the thread held before
 * {@link #enter}, so a worker is clean between activations and no handler sees another actor's
 * entries. An actor without a rank removes the rank key for its activation.
 *
 * <p>Confined to the thread of the activation that owns the actor's loop.
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

  ActorMdc(ActorId id, @Nullable String rank) {
    this.actor = id.toString();
    this.proc = id.procId().toString();
    this.rank = rank;
  }

  /** Sets this actor's entries on the calling thread, remembering the ones they replace. */
  void enter() {
    previousActor = MDC.get(ACTOR_KEY);
    previousProc = MDC.get(PROC_KEY);
    previousRank = MDC.get(RANK_KEY);
    MDC.put(ACTOR_KEY, actor);
    MDC.put(PROC_KEY, proc);
    if (rank != null) {
      MDC.put(RANK_KEY, rank);
    } else if (previousRank != null) {
      MDC.remove(RANK_KEY);
    }
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

  private static void restore(String key, @Nullable String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
