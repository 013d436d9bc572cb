package io.hyperactor.internal;

import io.hyperactor.id.ActorId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool of platform threads that runs the actor activations of one actor system by default,
 * like Pekko's default dispatcher.
 *
 * <p>Waking an idle actor costs a task submission here, where a virtual thread per activation
 * costs a thread start; woken from inside an activation it costs not even that (see {@link
 * #dispatch}). The price is that a handler that blocks holds its worker: actors that block are
 * marked {@link io.hyperactor.Blocking} and run on virtual threads ({@link ActorScheduler}), and so
 * do system actors, which park between messages. The runtime's own waits ({@link #poll}, and {@code
 * CompletableFuture.get} in once ports) tell the pool, which adds a worker while they wait.
 *
 * <p>One pool per actor system, sized by the system's {@code dispatcher_parallelism}: by default
 * one worker per core (at least two). More workers than cores measured slower (ping-pong at 1.0M
 * msg/s with 8 workers on 2 cores against 2.8-4.0M with 2), as idle workers spin looking for work
 * on the cores the busy ones need.
 *
 * <p>The pool and its watchdog thread (see {@link #dispatch}) start on first use and stop on
 * {@link #close()}, which the owning system calls. Workers are daemon threads that also end after
 * a minute idle. Thread-safe.
 */
public final class ActorDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ActorDispatcher.class);
  static final String WORKER_PREFIX = "hyperactor-dispatcher-";

  private final String name;
  private final int parallelism;
  /** Workers by thread id, so a thread dump can name the actor each one runs. */
  private final Map<Long, Worker> workers = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  // Guarded by lock; the pool is read without it once published.
  private volatile @Nullable ForkJoinPool pool;
  private @Nullable Thread watchdog;
  private boolean closed;

  /**
   * A dispatcher whose threads are named after {@code name}, with {@code parallelism} workers (0 or
   * less: one per core, at least two).
   */
  public ActorDispatcher(String name, long parallelism) {
    this.name = name;
    this.parallelism =
        parallelism > 0
            ? (int) Math.min(parallelism, 32767)
            : Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  /** The number of workers the pool keeps busy. */
  public int parallelism() {
    return parallelism;
  }

  private ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p != null) {
      return p;
    }
    synchronized (lock) {
      if (pool == null) {
        if (closed) {
          throw new RejectedExecutionException("dispatcher " + name + " is closed");
        }
        pool = create(parallelism);
        watchdog =
            Thread.ofPlatform()
                .daemon()
                .name(WORKER_PREFIX + name + "-watchdog")
                .start(this::watch);
      }
      return pool;
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

  /**
   * How many actors' MDC entries a worker keeps at hand; a power of two. Enough for the hundred or
   * so actors that take turns on a worker when many actors message each other at random (each
   * miss renders the actor's id as text): sets are chosen by identity hash, so with 128 two-way
   * sets a few of them still got three such actors and missed on every turn; 512 sets leave that
   * to about one in 500. Eight kilobytes per worker.
   */
  private static final int MDC_SLOTS = 1024;

  /** A pool worker, which remembers the activation it runs for thread dumps. */
  static final class Worker extends ForkJoinWorkerThread {
    final ActorDispatcher dispatcher;

    /** The actor whose activation runs here; written by this thread only, read by dumps. */
    @Nullable ManagedInstance<?> running;

    /**
     * The activation that this worker runs as soon as the current one returns, without a pool
     * submission. Taken atomically: the watchdog may take it too.
     */
    volatile @Nullable ManagedInstance<?> next;

    /** The actor whose entries this thread's MDC holds; this thread's own (see ActorMdc). */
    @Nullable ActorMdc mdc;

    /**
     * The clock reading that ended the activation that just returned here, for the next one in
     * this task to start its first handler's interval with, or nothing ({@link #hasClockReading}
     * false); this thread's own.
     */
    private long clockReading;

    private boolean hasClockReading;

    /**
     * The MDC entries of the actors that ran here lately, in sets of two slots by their ids'
     * identity hash, the more recent first; this thread's own. Actors keep no entries of their
     * own: an idle actor would hold its id's text for nothing, and most activations are of an
     * actor that ran here a moment ago.
     */
    private final @Nullable ActorId[] mdcIds = new ActorId[MDC_SLOTS];

    private final @Nullable ActorMdc[] mdcs = new ActorMdc[MDC_SLOTS];

    /** Activations started here; written by this thread only, compared by the watchdog. */
    int started;

    /** The watchdog's last reading of {@link #started}; the watchdog's own. */
    int startedAtLastTick;

    /** The MDC entries of the actor {@code id}, of rank {@code rank} (null: none). */
    ActorMdc mdcOf(ActorId id, String proc, @Nullable String rank) {
      int i = System.identityHashCode(id) & (MDC_SLOTS - 2);
      ActorMdc m = mdcs[i];
      if (mdcIds[i] == id && m != null) {
        return m;
      }
      // Two ways: two actors whose ids share a set do not evict each other on every turn.
      ActorMdc other = mdcs[i + 1];
      if (mdcIds[i + 1] == id && other != null) {
        return other;
      }
      mdcIds[i + 1] = mdcIds[i];
      mdcs[i + 1] = m;
      m = new ActorMdc(id, proc, rank);
      mdcIds[i] = id;
      mdcs[i] = m;
      return m;
    }

    Worker(ForkJoinPool pool, ActorDispatcher dispatcher, String name) {
      super(null, pool, true);
      this.dispatcher = dispatcher;
      setName(name);
    }

    @Override
    protected void onStart() {
      super.onStart();
      dispatcher.workers.put(threadId(), this);
    }

    @Override
    protected void onTermination(@Nullable Throwable exception) {
      dispatcher.workers.remove(threadId());
      super.onTermination(exception);
    }

    /**
     * Activations displaced from the next slot, run after it empties; taken atomically, as the
     * watchdog may take them too. Only this worker adds to it.
     */
    final AtomicReferenceArray<ManagedInstance<?>> backlog =
        new AtomicReferenceArray<>(BACKLOG);

    /** Keeps {@code displaced} in the backlog; false when the backlog is full. */
    boolean keep(ManagedInstance<?> displaced) {
      for (int i = 0; i < BACKLOG; i++) {
        if (backlog.get(i) == null) {
          // Only this thread stores a value; the watchdog only takes one.
          backlog.set(i, displaced);
          return true;
        }
      }
      return false;
    }

    @Nullable ManagedInstance<?> takeNext() {
      ManagedInstance<?> n = next == null ? null : (ManagedInstance<?>) NEXT.getAndSet(this, null);
      if (n != null) {
        return n;
      }
      for (int i = 0; i < BACKLOG; i++) {
        if (backlog.get(i) != null) {
          n = backlog.getAndSet(i, null);
          if (n != null) {
            return n;
          }
        }
      }
      return null;
    }

    /** Hands every activation waiting here (the next slot, then the backlog) to the pool. */
    void moveWaitingToPool() {
      ManagedInstance<?> waiting;
      while ((waiting = takeNext()) != null) {
        dispatcher.submit(waiting);
      }
    }
  }

  private ForkJoinPool create(int parallelism) {
    AtomicInteger next = new AtomicInteger();
    return new ForkJoinPool(
        parallelism,
        p -> new Worker(p, this, WORKER_PREFIX + name + "-" + next.incrementAndGet()),
        (thread, e) ->
            log.error("dispatcher thread {} failed outside any actor", thread.getName(), e),
        true);
  }

  /**
   * Displaced activations a worker keeps to run itself before it hands more to the pool: enough
   * for the few actors one activation wakes in a conversation (Big, Chameneos), few enough that a
   * fan-out to many actors still spreads over the pool at once.
   */
  static final int BACKLOG = 4;

  /** Activations a worker runs back to back from its next slot before it lets the pool choose. */
  static final int CHAIN_LIMIT = 64;

  /** How often the watchdog looks for an activation stuck in a busy worker's next slot. */
  static final long WATCHDOG_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /**
   * Runs an activation of {@code actor} on the pool. Dispatched from inside an activation on a
   * worker, it takes the worker's next slot and runs there as soon as the current activation
   * returns: a message to an idle actor then costs no submission and no wake-up, and two actors
   * that message each other share one worker and its cache. An activation already in the slot
   * moves to the worker's backlog of {@link #BACKLOG}, which the worker runs once the slot is
   * empty, or to the pool when the backlog is full: an actor that wakes a few others keeps them
   * on its core rather than waking the idle worker to steal them, whose every message to the
   * actors left here would then cross between cores. If the current activation takes longer than
   * a watchdog tick (a handler that blocks, or a long batch), the watchdog moves the waiting ones
   * to the pool.
   */
  void dispatch(ManagedInstance<?> actor) {
    if (Thread.currentThread() instanceof Worker w && w.dispatcher == this && w.running != null) {
      ManagedInstance<?> displaced = (ManagedInstance<?>) NEXT.getAndSet(w, actor);
      if (displaced != null && !w.keep(displaced)) {
        submit(displaced);
      }
    } else {
      submit(actor);
    }
  }

  /** Queues an activation of {@code actor} on the pool, after the calling worker's next one. */
  void resubmit(ManagedInstance<?> actor) {
    beforeBlocking();
    submit(actor);
  }

  /**
   * Hands the calling worker's waiting activations (its next slot and its backlog) to the pool;
   * called before the worker may block, so that they do not wait for the block to end, and when a
   * task ends.
   */
  static void beforeBlocking() {
    if (Thread.currentThread() instanceof Worker w) {
      w.moveWaitingToPool();
    }
  }

  private void submit(ManagedInstance<?> actor) {
    pool().execute(() -> runChain(actor));
  }

  /** Runs {@code first}, then whatever each activation left in the worker's next slot. */
  private void runChain(ManagedInstance<?> first) {
    if (!(Thread.currentThread() instanceof Worker w)) {
      first.serve();
      return;
    }
    ManagedInstance<?> actor = first;
    // Non-null only when this task runs nested inside an activation on this worker.
    ActorMdc outerMdc = w.mdc;
    // A reading left before this task (another task's, or the activation this one is nested in)
    // does not start anything here.
    w.hasClockReading = false;
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
      w.hasClockReading = false;
      ActorMdc.endTask(w, outerMdc);
      beforeBlocking();
    }
  }

  /**
   * A clock reading ({@link System#nanoTime}) to start an activation's first handler with: the
   * one that ended the activation that ran just before on this worker, in the same task, or a
   * new one. Between the two there is only the hand-over, so a chain of one-message activations
   * (ping-pong) reads the clock once per activation instead of twice.
   */
  static long clockReading() {
    if (Thread.currentThread() instanceof Worker w && w.hasClockReading) {
      w.hasClockReading = false;
      return w.clockReading;
    }
    return System.nanoTime();
  }

  /** Drops the reading the previous activation on this worker left, if any. */
  static void forgetClockReading() {
    if (Thread.currentThread() instanceof Worker w) {
      w.hasClockReading = false;
    }
  }

  /**
   * Leaves {@code reading}, taken at the end of the calling activation's last handler with
   * nothing done since but finding the inboxes empty, for the next activation on this worker.
   */
  static void leaveClockReading(long reading) {
    if (Thread.currentThread() instanceof Worker w) {
      w.clockReading = reading;
      w.hasClockReading = true;
    }
  }

  /**
   * The watchdog: every tick, the activations waiting in the next slot and the backlog of a worker
   * that has not started another activation since the previous tick go to the pool, where any
   * worker (or a compensating one, if the busy worker is blocked) takes them.
   */
  private void watch() {
    while (!Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(WATCHDOG_TICK_NANOS);
      for (Worker w : workers.values()) {
        int started = w.started;
        if (started == w.startedAtLastTick) {
          w.moveWaitingToPool();
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
  public Optional<ActorId> actorRunningOn(long threadId) {
    Worker w = workers.get(threadId);
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

  /**
   * Stops the watchdog and the pool, waiting a few seconds for activations still running; the
   * owning system calls it after its procs have stopped. Dispatching afterwards is rejected.
   */
  @Override
  public void close() {
    ForkJoinPool p;
    Thread w;
    synchronized (lock) {
      closed = true;
      p = pool;
      w = watchdog;
    }
    if (w != null) {
      w.interrupt();
    }
    if (p != null) {
      p.shutdown();
      try {
        if (!p.awaitTermination(10, TimeUnit.SECONDS)) {
          log.warn("dispatcher {}: activations still running 10 s after close; interrupting", name);
          p.shutdownNow();
        }
        if (w != null) {
          w.join(TimeUnit.SECONDS.toMillis(10));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
