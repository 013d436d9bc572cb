package io.hyperactor.examples;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;

/**
 * The demo's worker, one on every proc of the mesh. Casting sets each message's {@link Rank} to
 * the receiving worker's rank, so one message sent to the whole mesh splits the work.
 */
final class Worker implements Actor<Worker.WorkerMsg> {
  /** How the demo asks the procs of a mesh to spawn workers. */
  static final SpawnKey<WorkerMsg, Void> KEY = SpawnKey.of("demo.worker", WorkerMsg.class);

  /** Messages to a worker. */
  sealed interface WorkerMsg permits CountPrimes, Where, Ping {}

  /**
   * Counts the primes below {@code bound} in this worker's share of them: the {@code rank}-th of
   * {@code ranks} equal ranges.
   */
  record CountPrimes(Rank rank, int ranks, long bound, OncePortRef<Long> reply)
      implements WorkerMsg {}

  /** Asks where the worker runs. */
  record Where(Rank rank, OncePortRef<Location> reply) implements WorkerMsg {}

  /** Where a worker runs: its rank, proc, and the process ids of its JVM and of that JVM's parent. */
  record Location(long rank, String proc, long pid, long parentPid) {}

  /** Answers with the worker's rank on {@code pong}. */
  record Ping(Rank rank, PortRef<Long> pong) implements WorkerMsg {}

  @Override
  public void handle(Context<WorkerMsg> cx, WorkerMsg message) {
    switch (message) {
      case CountPrimes c -> {
        long share = (c.bound() + c.ranks() - 1) / c.ranks();
        long lo = c.rank().unwrap() * share;
        c.reply().send(cx, countPrimes(lo, Math.min(c.bound(), lo + share)));
      }
      case Where w ->
          w.reply()
              .send(
                  cx,
                  new Location(
                      w.rank().unwrap(),
                      cx.selfId().procId().name(),
                      ProcessHandle.current().pid(),
                      ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L)));
      case Ping p -> p.pong().send(cx, p.rank().unwrap());
    }
  }

  /** The number of primes {@code p} with {@code lo <= p < hi}, by a segmented sieve. */
  static long countPrimes(long lo, long hi) {
    lo = Math.max(lo, 2);
    if (hi <= lo) {
      return 0;
    }
    int root = (int) Math.sqrt((double) hi) + 1;
    boolean[] smallComposite = new boolean[root + 1];
    boolean[] composite = new boolean[(int) (hi - lo)];
    for (int p = 2; p <= root; p++) {
      if (smallComposite[p]) {
        continue;
      }
      for (long m = (long) p * p; m <= root; m += p) {
        smallComposite[(int) m] = true;
      }
      long first = Math.max((long) p * p, (lo + p - 1) / p * p);
      for (long m = first; m < hi; m += p) {
        composite[(int) (m - lo)] = true;
      }
    }
    long count = 0;
    for (boolean c : composite) {
      if (!c) {
        count++;
      }
    }
    return count;
  }
}
