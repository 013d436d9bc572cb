package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import io.hyperactor.internal.bootstrap.BootstrapProtocol;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm pool of a {@link ProcessProcManager}: up to {@code size} started, idle child JVMs that
 * wait for an assignment on stdin and hold no proc state.
 *
 * <p>{@link #take} hands out an idle member that is still alive and has said it waits for its
 * assignment (a spawn meanwhile waits for the members still warming up); once every member taken is
 * ready ({@link #assigned()}), the pool starts replacements in the background. The death of an
 * idle member, which is never handed out, starts one at once. Starts run one at
 * a time on the pool's own thread, so refilling never competes with a spawn for more than one
 * JVM start. The pool stops refilling when a member's main class cannot be pooled ({@link
 * BootstrapProtocol#POOL_UNSUPPORTED_EXIT_CODE}), when a start fails, or when {@value
 * #MAX_IDLE_DEATHS_IN_A_ROW} members in a row die idle: each says why in the log, and spawns then
 * start cold. {@link #close()} kills and reaps every idle member.
 */
final class ProcessPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcessPool.class);
  static final int MAX_IDLE_DEATHS_IN_A_ROW = 3;

  /**
   * A started member: its process, the class-data plan it started with, its stdio pumps, what to
   * run when it exits without having been handed out, and whether it said it waits for its
   * assignment (only then is it handed out).
   */
  record Member(
      Process process,
      ClassDataArchive.Plan sharing,
      @Nullable StdioPump out,
      @Nullable StdioPump err,
      IntConsumer exitedUnassigned,
      AtomicBoolean handedOut,
      CompletableFuture<Void> waiting) {}

  private final int size;
  private final Supplier<Member> starter;
  private final ExecutorService starts;
  private final Object lock = new Object();
  // Guarded by lock.
  private final Deque<Member> idle = new ArrayDeque<>();
  private int starting;
  private int assigning;
  private int idleDeathsInARow;
  private boolean stopped;
  private boolean closed;

  /**
   * A pool of {@code size} members, each started by {@code starter} (which throws a {@link
   * RuntimeException} when the JVM cannot be started).
   */
  ProcessPool(int size, Supplier<Member> starter) {
    checkArgument(size > 0, "pool size must be positive, got %s", size);
    this.size = size;
    this.starter = starter;
    this.starts =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("hyperactor-process-pool").daemon(true).factory());
  }

  /** Starts members until the pool is full. */
  void fill() {
    synchronized (lock) {
      while (!closed && !stopped && idle.size() + starting < size) {
        starting++;
        starts.execute(this::startOne);
      }
    }
  }

  private void startOne() {
    Member member;
    try {
      member = starter.get();
    } catch (RuntimeException e) {
      synchronized (lock) {
        starting--;
        stopped = true;
        lock.notifyAll();
      }
      log.error("process pool: cannot start a member, so spawns start cold: {}", e.getMessage());
      return;
    }
    boolean keep;
    synchronized (lock) {
      starting--;
      keep = !closed;
      if (keep) {
        idle.addLast(member);
      }
      lock.notifyAll();
    }
    if (!keep) {
      reap(member);
      return;
    }
    log.debug("process pool: member pid {} started", member.process().pid());
    member.waiting().thenRun(this::wakeTakers);
    member.process().onExit().thenAccept(p -> onExit(member, p.exitValue()));
  }

  private void onExit(Member member, int exitValue) {
    if (member.handedOut().get()) {
      return; // a proc now, whose handle reports its exit
    }
    member.exitedUnassigned().accept(exitValue);
    synchronized (lock) {
      boolean wasIdle = idle.remove(member);
      lock.notifyAll();
      if (!wasIdle || closed || stopped) {
        return;
      }
      if (exitValue == BootstrapProtocol.POOL_UNSUPPORTED_EXIT_CODE) {
        stopped = true;
        log.error(
            "process pool: the child main class cannot wait for an assignment (it builds its actor"
                + " system before ProcMain.boot), so spawns start cold; stderr: {}",
            tail(member));
        return;
      }
      idleDeathsInARow++;
      if (idleDeathsInARow >= MAX_IDLE_DEATHS_IN_A_ROW) {
        stopped = true;
        log.error(
            "process pool: {} members in a row died idle (last: pid {}, exit value {}), so spawns"
                + " start cold; stderr: {}",
            idleDeathsInARow,
            member.process().pid(),
            exitValue,
            tail(member));
        return;
      }
      log.warn(
          "process pool: idle member pid {} exited with {}; starting a replacement",
          member.process().pid(),
          exitValue);
    }
    fill();
  }

  private static List<String> tail(Member member) {
    return member.err() == null ? List.of() : member.err().tail();
  }

  /**
   * An idle member that is alive and waits for its assignment, removed from the pool (which starts
   * its replacement), or null when there is none. When no member waits yet but one is starting or
   * warming up, waits for it, up to {@code maxWait}: a member started earlier is ready sooner than
   * a cold JVM would be, and a member whose main class cannot be pooled exits before it ever says
   * it waits, so no spawn is handed to it.
   *
   * @param maxWait how long a member may take to come to its wait; one slower than that is stuck,
   *     and the spawn starts cold
   */
  @Nullable Member take(Duration maxWait) {
    Member taken = null;
    synchronized (lock) {
      long deadline = System.nanoTime() + maxWait.toNanos();
      while (true) {
        taken = takeWaiting();
        if (taken != null) {
          break;
        }
        long left = deadline - System.nanoTime();
        boolean coming = starting > 0 || !idle.isEmpty();
        if (!coming || closed || stopped || left <= 0 || !awaitChange(left)) {
          break;
        }
      }
    }
    if (taken == null) {
      fill();
    }
    return taken;
  }

  /** The first idle member that waits, removed and handed out; drops the dead ones met. */
  private @Nullable Member takeWaiting() {
    Iterator<Member> members = idle.iterator();
    while (members.hasNext()) {
      Member member = members.next();
      if (!member.process().isAlive()) {
        // Dead but not yet seen by its exit monitor, which would have replaced it.
        members.remove();
        idleDeathsInARow++;
      } else if (member.waiting().isDone() && member.handedOut().compareAndSet(false, true)) {
        members.remove();
        idleDeathsInARow = 0;
        assigning++;
        return member;
      }
    }
    return null;
  }

  private void wakeTakers() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * Waits on the lock (held) until a member starts, says it waits or exits, or the pool stops;
   * false when interrupted.
   */
  private boolean awaitChange(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Tells the pool that a member {@link #take() taken} is ready (or gone, or slow): once none is
   * still booting, the pool refills. A replacement JVM starting while the assigned procs boot
   * would take CPU from them on the spawn's path.
   */
  void assigned() {
    synchronized (lock) {
      assigning--;
      if (assigning > 0) {
        return;
      }
    }
    fill();
  }

  /** The OS pids of the idle members. */
  ImmutableList<Long> pids() {
    synchronized (lock) {
      return idle.stream().map(m -> m.process().pid()).collect(ImmutableList.toImmutableList());
    }
  }

  /** Stops refilling, waits for a start under way, then kills and reaps every idle member. */
  @Override
  public void close() {
    List<Member> all;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
    }
    starts.shutdown();
    try {
      if (!starts.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("process pool: a member start did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      all = new ArrayList<>(idle);
      idle.clear();
    }
    for (Member member : all) {
      reap(member);
    }
  }

  private static void reap(Member member) {
    member.process().destroyForcibly();
    try {
      if (!member.process().waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("process pool: member pid {} did not exit", member.process().pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
