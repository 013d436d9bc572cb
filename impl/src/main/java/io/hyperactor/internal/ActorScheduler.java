package io.hyperactor.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The execution model: how an actor's loop (and the few helper tasks the runtime needs) get a
 * thread.
 *
 * <p>Every actor loop runs on its own virtual thread. A handler may block (on a reply, on I/O)
 * without holding a carrier thread, which matches upstream's "one task per actor" model, and an
 * idle actor costs a parked continuation rather than an OS thread. Virtual threads are owned by
 * the JVM's carrier pool; a loop's thread ends when the actor terminates, so nothing here needs
 * stopping. This class is the one place to change to try a batching scheduler instead.
 *
 * <p>Thread-safe.
 */
final class ActorScheduler {
  static final ActorScheduler INSTANCE = new ActorScheduler();

  private final AtomicInteger live = new AtomicInteger();

  private ActorScheduler() {}

  /** Starts {@code body} on a new thread named {@code name}. */
  Thread start(String name, Runnable body) {
    live.incrementAndGet();
    return Thread.ofVirtual()
        .name(name)
        .start(
            () -> {
              try {
                body.run();
              } finally {
                live.decrementAndGet();
              }
            });
  }

  /** How many tasks started here are still running (for leak checks). */
  int liveTasks() {
    return live.get();
  }
}
