package io.hyperactor.examples;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.ref.OncePortRef;

/** The demo's worker: counts the primes below a bound and replies with where it ran. */
final class Worker implements Actor<Worker.WorkerMsg> {
  /** How the demo asks a proc to spawn a worker. */
  static final SpawnKey<WorkerMsg, Void> KEY = SpawnKey.of("demo.worker", WorkerMsg.class);

  /** Messages to a worker. */
  sealed interface WorkerMsg permits Work {}

  /** Counts the primes below {@code bound} for task {@code task}. */
  record Work(int task, int bound, OncePortRef<WorkDone> reply) implements WorkerMsg {}

  /** A finished task: the answer, and the proc and process that computed it. */
  record WorkDone(int task, int bound, int primes, String proc, long pid, long micros) {}

  @Override
  public void handle(Context<WorkerMsg> cx, WorkerMsg message) {
    switch (message) {
      case Work w -> {
        long start = System.nanoTime();
        int primes = countPrimes(w.bound());
        w.reply()
            .send(
                cx,
                new WorkDone(
                    w.task(),
                    w.bound(),
                    primes,
                    cx.selfId().procId().name(),
                    ProcessHandle.current().pid(),
                    (System.nanoTime() - start) / 1_000));
      }
    }
  }

  static int countPrimes(int bound) {
    if (bound < 3) {
      return 0;
    }
    boolean[] composite = new boolean[bound];
    int count = 0;
    for (int i = 2; i < bound; i++) {
      if (!composite[i]) {
        count++;
        for (long j = (long) i * i; j < bound; j += i) {
          composite[(int) j] = true;
        }
      }
    }
    return count;
  }
}
