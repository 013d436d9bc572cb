package io.hyperactor.internal;

import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared pool of platform threads that runs actor activations by default, like Pekko's
 * default dispatcher.
 *
 * <p>Waking an idle actor costs a task submission here, where a virtual thread per activation
 * costs a thread start; woken from inside an activation it costs not even that (see {@link
 * #dispatch}). The price is that a handler that blocks holds its worker: actors that block are
 * marked {@link io.hyperactor.Blocking} and run on virtual threads ({@link ActorScheduler}), and so
 * do system actors, which park between messages. The runtime's own waits ({@link #poll}, and {@code
 * CompletableFuture.get} in once ports) tell the pool, which adds a worker while they wait.
 *
 * <p>One pool per JVM, created on first use with {@code dispatcher_parallelism} from the global
 * config: by default one worker per core (at least two). More workers than cores measured slower
 * (ping-pong at 1.0M msg/s with 8 workers on 2 cores against 2.8-4.0M with 2), as idle workers spin
 * looking for work on the cores the busy ones need.
 *
 * <p>The workers are daemon threads that end after a minute idle. One daemon watchdog thread
 * lives as long as the JVM and wakes every {@link #WATCHDOG_TICK_NANOS} ns (see {@link #dispatch}).
 * Nothing here needs stopping.
 */
public final class ActorDispatcher {
  private static final Logger log = LoggerFactory.getLogger(ActorDispatcher.class);
  static final String WORKER_PREFIX = "hyperactor-dispatcher-";

  /** Workers by thread id, so a thread dump can name the actor each one runs. */
  private static final Map<Long, Worker> WORKERS = new ConcurrentHashMap<>();

  private ActorDispatcher() {}

  private static final class PoolHolder {
    static final ForkJoinPool POOL = create(parallelism());

    static {
      Thread.ofPlatform()
          .daemon()
          .name(WORKER_PREFIX + "watchdog")
          .start(ActorDispatcher::watch);
    }

    private static int parallelism() {
      long configured = HyperactorConfig.global().get(HyperactorAttrs.DISPATCHER_PARALLELISM);
      return configured > 0
          ? (int) configured
          : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
  }

  private static final VarHandle NEXT;

  static {
    try {
      NEXT =
          MethodHandles.lookup()
              .findVarHandle(Worker.class, "next", ManagedInstance.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A pool worker, which remembers the activation it runs for thread dumps. */
  static final class Worker extends ForkJoinWorkerThread {
    /** The actor whose activation runs here; written by this thread only, read by dumps. */
    @Nullable ManagedInstance<?> running;

    /**
     * The activation that this worker runs as soon as the current one returns, without a pool
     * submission. Taken atomically: the watchdog may take it too.
     */
    volatile @Nullable ManagedInstance<?> next;

    /** Activations started here; written by this thread only, compared by the watchdog. */
    int started;

    /** The watchdog's last reading of {@link #started}; the watchdog's own. */
    int startedAtLastTick;

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

    @Nullable ManagedInstance<?> takeNext() {
      return next == null ? null : (ManagedInstance<?>) NEXT.getAndSet(this, null);
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

  /** Activations a worker runs back to back from its next slot before it lets the pool choose. */
  static final int CHAIN_LIMIT = 64;

  /** How often the watchdog looks for an activation stuck in a busy worker's next slot. */
  static final long WATCHDOG_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /**
   * Runs an activation of {@code actor} on the pool. Dispatched from inside an activation on a
   * worker, it takes the worker's next slot and runs there as soon as the current activation
   * returns: a message to an idle actor then costs no submission and no wake-up, and two actors
   * that message each other share one worker and its cache. An activation already in the slot goes
   * to the pool, so at most one waits there; and if the current activation takes longer than a
   * watchdog tick (a handler that blocks, or a long batch), the watchdog moves the waiting one to
   * the pool.
   */
  static void dispatch(ManagedInstance<?> actor) {
    if (Thread.currentThread() instanceof Worker w && w.running != null) {
      ManagedInstance<?> displaced = (ManagedInstance<?>) NEXT.getAndSet(w, actor);
      if (displaced != null) {
        submit(displaced);
      }
    } else {
      submit(actor);
    }
  }

  /** Queues an activation of {@code actor} on the pool, after the calling worker's next one. */
  static void resubmit(ManagedInstance<?> actor) {
    beforeBlocking();
    submit(actor);
  }

  /**
   * Hands the calling worker's next activation to the pool; called before the worker may block,
   * so that activation does not wait for the block to end.
   */
  static void beforeBlocking() {
    if (Thread.currentThread() instanceof Worker w) {
      ManagedInstance<?> waiting = w.takeNext();
      if (waiting != null) {
        submit(waiting);
      }
    }
  }

  private static void submit(ManagedInstance<?> actor) {
    PoolHolder.POOL.execute(() -> runChain(actor));
  }

  /** Runs {@code first}, then whatever each activation left in the worker's next slot. */
  private static void runChain(ManagedInstance<?> first) {
    if (!(Thread.currentThread() instanceof Worker w)) {
      first.serve();
      return;
    }
    ManagedInstance<?> actor = first;
    try {
      for (int i = 0; ; i++) {
        w.started++;
        actor.serve();
        actor = w.takeNext();
        if (actor == null) {
          return;
        }
        if (i == CHAIN_LIMIT) {
          // Let activations queued on the pool run too.
          submit(actor);
          return;
        }
      }
    } finally {
      beforeBlocking();
    }
  }

  /**
   * The watchdog: every tick, an activation waiting in the next slot of a worker that has not
   * started another activation since the previous tick goes to the pool, where any worker (or a
   * compensating one, if the busy worker is blocked) takes it.
   */
  private static void watch() {
    while (true) {
      LockSupport.parkNanos(WATCHDOG_TICK_NANOS);
      for (Worker w : WORKERS.values()) {
        int started = w.started;
        if (w.next != null && started == w.startedAtLastTick) {
          ManagedInstance<?> waiting = w.takeNext();
          if (waiting != null) {
            submit(waiting);
          }
        }
        w.startedAtLastTick = started;
      }
    }
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
    beforeBlocking();
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
