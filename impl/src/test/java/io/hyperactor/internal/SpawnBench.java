package io.hyperactor.internal;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.runtime.ActorSystem;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of spawning one idle child actor under a parent ({@link ProcImpl#spawnChild}): time,
 * and with {@code -prof gc} the bytes allocated per spawn ({@code gc.alloc.rate.norm}), which is
 * mostly the child's own objects, so that a change that makes actors bigger shows up as a number.
 *
 * <p>The parent is replaced by a fresh one every {@value #CHILDREN_PER_PARENT} spawns and the old
 * one is stopped with its children, so that the live heap stays bounded; the stop runs on the
 * pool, outside the measured thread. Logging is at WARN ({@code spawn-bench-logback.xml}): the
 * debug lines of a spawn would cost more than the spawn. Run from the repository root:
 *
 * <pre>{@code
 * ./mvnw -B -ntp -q -pl impl -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp impl/target/test-classes:impl/target/classes:$(cat impl/target/test-classpath.txt) \
 *     org.openjdk.jmh.Main SpawnBench -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dlogback.configurationFile=spawn-bench-logback.xml"})
public class SpawnBench {
  static final int CHILDREN_PER_PARENT = 10_000;

  /** A child that never hears from anyone, the cheapest actor there is. */
  static final class Idle implements Actor<String> {
    @Override
    public void handle(Context<String> cx, String message) {}
  }

  /** The parent; its handler is never called. */
  static final class Parent implements Actor<String> {
    @Override
    public void handle(Context<String> cx, String message) {}
  }

  private ActorSystem system;
  private ProcImpl proc;
  private ActorHandle<String> parent;
  private InstanceCell parentCell;
  private int spawned;
  private int parents;

  @Setup(Level.Trial)
  public void setUp() {
    system = ActorSystem.create();
    proc = (ProcImpl) system.localProc("spawn-bench");
    newParent();
  }

  private void newParent() {
    parent = proc.spawn("parent-" + parents++, new Parent());
    parentCell = proc.lookup(parent.actorId());
    spawned = 0;
  }

  /** Spawns one idle child of the current parent. */
  @Benchmark
  public ActorHandle<String> spawnIdleChild() {
    if (spawned == CHILDREN_PER_PARENT) {
      parent.drainAndStop("spawn benchmark: next parent");
      newParent();
    }
    spawned++;
    return proc.spawnChild(parentCell, new Idle());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.close();
  }
}
