package io.hyperactor.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The execution model: how an actor's activations (and the few helper tasks the runtime needs)
 * get a thread.
 *
 * <p>Every activation of an actor loop runs on its own short-lived virtual thread, started when
 * work arrives for an idle actor and ended when its inboxes are empty (see {@link
 * ManagedInstance}). A handler may block (on a reply, on I/O) without holding a carrier thread, so
 * a blocked handler neither starves other actors nor escapes an abort (its thread is interrupted),
 * and an idle actor holds no thread at all. The JVM's carrier pool runs the threads; each ends on
 * its own, so nothing here needs stopping.
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
