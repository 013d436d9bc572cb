package io.hyperactor.internal;

import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared pool of platform threads that runs actor activations by default, like Pekko's
 * default dispatcher.
 *
 * <p>Waking an idle actor costs a task submission here, where a virtual thread per activation
 * costs a thread start; a pair of actors that message each other often stays on one worker. The
 * price is that a handler that blocks holds its worker: actors that block are marked {@link
 * io.hyperactor.Blocking} and run on virtual threads ({@link ActorScheduler}), and so do system
 * actors, which park between messages. The runtime's own waits ({@link #poll}, and {@code
 * CompletableFuture.get} in once ports) tell the pool, which adds a worker while they wait.
 *
 * <p>One pool per JVM, created on first use with {@code dispatcher_parallelism} from the global
 * config: by default one worker per core (at least two). More workers than cores measured slower
 * (ping-pong at 1.0M msg/s with 8 workers on 2 cores against 2.8-4.0M with 2), as idle workers spin
 * looking for work on the cores the busy ones need. Its workers are daemon threads that end after a minute idle, so nothing here needs
 * stopping.
 */
public final class ActorDispatcher {
  private static final Logger log = LoggerFactory.getLogger(ActorDispatcher.class);
  static final String WORKER_PREFIX = "hyperactor-dispatcher-";

  /** Workers by thread id, so a thread dump can name the actor each one runs. */
  private static final Map<Long, Worker> WORKERS = new ConcurrentHashMap<>();

  private ActorDispatcher() {}

  private static final class PoolHolder {
    static final ForkJoinPool POOL = create(parallelism());

    private static int parallelism() {
      long configured = HyperactorConfig.global().get(HyperactorAttrs.DISPATCHER_PARALLELISM);
      return configured > 0
          ? (int) configured
          : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
  }

  /** A pool worker, which remembers the activation it runs for thread dumps. */
  static final class Worker extends ForkJoinWorkerThread {
    /** The actor whose activation runs here; written by this thread only, read by dumps. */
    @Nullable ManagedInstance<?> running;

    Worker(ForkJoinPool pool, String name) {
      super(null, pool, true);
      setName(name);
    }

    @Override
    protected void onStart() {
      super.onStart();
      WORKERS.put(threadId(), this);
    }

    @Override
    protected void onTermination(@Nullable Throwable exception) {
      WORKERS.remove(threadId());
      super.onTermination(exception);
    }
  }

  static ForkJoinPool create(int parallelism) {
    AtomicInteger next = new AtomicInteger();
    return new ForkJoinPool(
        parallelism,
        pool -> new Worker(pool, WORKER_PREFIX + next.incrementAndGet()),
        (thread, e) ->
            log.error("dispatcher thread {} failed outside any actor", thread.getName(), e),
        true);
  }

  /** Runs {@code activation} on the shared pool. */
  static void execute(Runnable activation) {
    PoolHolder.POOL.execute(activation);
  }

  /** Whether the calling thread is a worker of the shared pool. */
  static boolean onWorker() {
    return Thread.currentThread() instanceof Worker;
  }

  /** The actor whose activation the thread {@code threadId} runs, if it is a pool worker. */
  public static Optional<ActorId> actorRunningOn(long threadId) {
    Worker w = WORKERS.get(threadId);
    ManagedInstance<?> running = w == null ? null : w.running;
    return running == null ? Optional.empty() : Optional.of(running.selfId());
  }

  /**
   * Waits up to {@code nanos} for an item of {@code queue}; on a pool worker the pool adds a
   * thread for the wait, so a handler waiting for a reply cannot starve the actor that sends it.
   */
  static @Nullable Object poll(LinkedBlockingQueue<Object> queue, long nanos)
      throws InterruptedException {
    if (!(Thread.currentThread() instanceof ForkJoinWorkerThread)) {
      return queue.poll(nanos, TimeUnit.NANOSECONDS);
    }
    Object now = queue.poll();
    if (now != null) {
      return now;
    }
    QueueWait wait = new QueueWait(queue, System.nanoTime() + nanos);
    ForkJoinPool.managedBlock(wait);
    return wait.item;
  }

  private static final class QueueWait implements ForkJoinPool.ManagedBlocker {
    private final LinkedBlockingQueue<Object> queue;
    private final long deadline;
    @Nullable Object item;

    QueueWait(LinkedBlockingQueue<Object> queue, long deadline) {
      this.queue = queue;
      this.deadline = deadline;
    }

    @Override
    public boolean block() throws InterruptedException {
      if (item == null) {
        item = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      return true;
    }

    @Override
    public boolean isReleasable() {
      return item != null || (item = queue.poll()) != null || deadline - System.nanoTime() <= 0;
    }
  }
}
