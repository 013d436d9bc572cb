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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of spawning one idle child actor under a parent ({@link ProcImpl#spawnChild}): time,
 * and with {@code -prof gc} the bytes allocated per spawn ({@code gc.alloc.rate.norm}): the
 * child's own objects, the garbage of making them and the work of its first activation, so that
 * a change that makes spawning allocate more shows up as a number.
 *
 * <p>Each measured call spawns {@value #CHILDREN} children of a fresh parent, which is stopped
 * with them after the call, outside the measurement, so that the live heap stays bounded. Logging
 * is at WARN ({@code spawn-bench-logback.xml}): the debug lines of a spawn would cost more than
 * the spawn. Run from the repository root:
 *
 * <pre>{@code
 * ./mvnw -B -ntp -q -pl impl -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp impl/target/test-classes:impl/target/classes:$(cat impl/target/test-classpath.txt) \
 *     org.openjdk.jmh.Main SpawnBench -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dlogback.configurationFile=spawn-bench-logback.xml"})
public class SpawnBench {
  static final int CHILDREN = 10_000;

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
  private int parents;

  @Setup(Level.Trial)
  public void setUp() {
    system = ActorSystem.create();
    proc = (ProcImpl) system.localProc("spawn-bench");
  }

  @Setup(Level.Iteration)
  public void newParent() {
    parent = proc.spawn("parent-" + parents++, new Parent());
    parentCell = proc.lookup(parent.actorId());
  }

  /** Spawns {@value #CHILDREN} idle children of the current parent. */
  @Benchmark
  @OperationsPerInvocation(CHILDREN)
  public void spawnIdleChild(Blackhole out) {
    for (int i = 0; i < CHILDREN; i++) {
      out.consume(proc.spawnChild(parentCell, new Idle()));
    }
  }

  @TearDown(Level.Iteration)
  public void stopParent() throws Exception {
    parent.drainAndStop("spawn benchmark: iteration done");
    parent.termination().get(5, TimeUnit.MINUTES);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.close();
  }
}
