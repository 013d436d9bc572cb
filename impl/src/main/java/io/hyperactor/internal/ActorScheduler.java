package io.hyperactor.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Short-lived virtual threads: for the activations of actors that may block ({@link
 * io.hyperactor.Blocking} actors, system actors, and every actor under {@code actor_dispatcher =
 * virtual}), for teardown, and for the few helper tasks the runtime needs. Other activations run
 * on the {@link ActorDispatcher} pool.
 *
 * <p>A handler on a virtual thread may block (on a reply, on I/O) without holding a carrier
 * thread, so a blocked handler neither starves other actors nor escapes an abort (its thread is
 * interrupted). The JVM's carrier pool runs the threads; each ends on its own, so nothing here
 * needs stopping.
 *
 * <p>Thread-safe.
 */
final class ActorScheduler {
  static final ActorScheduler INSTANCE = new ActorScheduler();

  // Started and ended by every activation on every core: an adder keeps them off one cache line.
  private final LongAdder live = new LongAdder();

  private ActorScheduler() {}

  /** Starts {@code body} on a new thread named {@code name}. */
  Thread start(String name, Runnable body) {
    live.increment();
    return Thread.ofVirtual()
        .name(name)
        .start(
            () -> {
              try {
                body.run();
              } finally {
                live.decrement();
              }
            });
  }

  /** How many tasks started here are still running (for leak checks). */
  int liveTasks() {
    return (int) live.sum();
  }
}
