package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorCell;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.IntrospectResult;
import io.hyperactor.Proc;
import io.hyperactor.id.ActorId;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** Shared fixtures for the proc tests. */
final class TestSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TestSupport() {}

  /** A local proc whose exit hook fails loudly instead of ending the test JVM. */
  static Proc proc() {
    Proc proc =
        Procs.local(TestServices.shared(), "local", TestServices.NO_EXIT);
    CREATED.add(proc);
    return proc;
  }

  private static final java.util.List<Proc> CREATED =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  /** Tears down every proc the test created, so no actor outlives its test. */
  static void destroyAll() {
    java.util.List<Proc> procs;
    synchronized (CREATED) {
      procs = java.util.List.copyOf(CREATED);
      CREATED.clear();
    }
    for (Proc p : procs) {
      p.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
    }
  }

  static ActorStatus await(ActorHandle<?> handle) throws Exception {
    return handle.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Checks that {@code child} is linked under {@code parent} both ways. */
  static void validateLink(ActorCell child, ActorCell parent) {
    assertThat(child.actorId().procId()).isEqualTo(parent.actorId().procId());
    assertThat(child.parent().map(ActorCell::actorId)).hasValue(parent.actorId());
    assertThat(parent.childActorIds()).contains(child.actorId());
  }

  /** Waits for the terminated snapshot of {@code id}, which is stored as the actor terminates. */
  static IntrospectResult waitForTerminatedSnapshot(Proc proc, ActorId id) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<IntrospectResult> s = proc.terminatedSnapshot(id);
      if (s.isPresent()) {
        return s.get();
      }
      Thread.onSpinWait();
      Thread.yield();
    }
    throw new TimeoutException("no terminated snapshot for " + id);
  }

  /** Polls {@code condition} until it holds, failing with {@code what} after the test timeout. */
  static void awaitCondition(java.util.function.BooleanSupplier condition, String what)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /** A root "coordinator" actor that records every supervision event it receives. */
  static final class Coordinator implements Actor<ActorSupervisionEvent> {
    final LinkedBlockingQueue<ActorSupervisionEvent> events = new LinkedBlockingQueue<>();
    final AtomicReference<ActorSupervisionEvent> last = new AtomicReference<>();

    @Override
    public void handle(Context<ActorSupervisionEvent> cx, ActorSupervisionEvent event) {
      last.set(event);
      events.add(event);
    }

    /** Spawns the coordinator on {@code proc} and installs it. */
    static Coordinator set(Proc proc) {
      Coordinator c = new Coordinator();
      ActorHandle<ActorSupervisionEvent> handle = proc.spawn("coordinator", c);
      proc.setSupervisionCoordinator(handle.port());
      return c;
    }

    ActorSupervisionEvent recv() throws Exception {
      ActorSupervisionEvent e = events.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (e == null) {
        throw new TimeoutException("no supervision event reached the coordinator");
      }
      return e;
    }
  }
}
