package io.hyperactor.testkit;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.inject.Guice;
import com.google.inject.Module;
import io.hyperactor.Actor;
import io.hyperactor.Proc;
import io.hyperactor.SpawnKey;
import io.hyperactor.Spawnable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.inject.HyperactorCoreModule;
import io.hyperactor.inject.HyperactorModules;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.runtime.ActorSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test (or each test class) an actor system, and checks that
 * it leaves nothing behind: the counterpart of Pekko's {@code ActorTestKit}.
 *
 * <p>Register it as a static field. Before each test it builds an {@link ActorSystem} with the
 * registered message types and spawnable actors and a fresh configuration (defaults, then what
 * {@link Builder#config} sets); after each test it closes the system, and the Guice {@link
 * HyperactorRuntime} if the test asked for one, and fails the test when a child process or a thread
 * of the system outlives it, or when a proc asked to end the JVM. With {@link Builder#perClass()}
 * one system serves the whole class.
 *
 * <pre>{@code
 * class CounterTest {
 *   @RegisterExtension
 *   static final HyperactorTestKit kit =
 *       HyperactorTestKit.builder().codecs(c -> c.sealed("test.CounterMsg", CounterMsg.class)).build();
 *
 *   @Test
 *   void counts() {
 *     ActorHandle<CounterMsg> counter = kit.proc().spawn("counter", new Counter());
 *     TestProbe<Long> probe = kit.createProbe(Long.class);
 *     counter.send(kit.client(), new Get(probe.replyPort()));
 *     probe.expectMessage(0L, Duration.ofSeconds(5));
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #runtime()} gives the Guice-wired runtime with in-JVM procs over the local transport
 * by default, or forked child JVMs with {@link Builder#processWiring}. Test methods may also take an
 * {@link ActorSystem}, a {@link HyperactorRuntime} or a {@link ManualScheduler} parameter.
 */
public final class HyperactorTestKit
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private final Builder options;
  private @Nullable Fixture fixture;

  private HyperactorTestKit(Builder options) {
    this.options = options;
  }

  /** A kit with the defaults: per test, local wiring, the built-in message types only. */
  public static HyperactorTestKit create() {
    return builder().build();
  }

  /** A builder for a kit with message types, spawnable actors, settings and wiring. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ what a test uses

  /** The actor system of the running test. */
  public ActorSystem system() {
    return current().system;
  }

  /** A proc of the running test's system, in this JVM, served on the configured transport. */
  public Proc proc() {
    return current().proc();
  }

  /** A client instance of the running test's system, for sending and asking. */
  public io.hyperactor.ClientInstance client() {
    return current().system.client();
  }

  /** A new probe on {@link #proc()} that accepts messages of {@code type}. */
  public <M> TestProbe<M> createProbe(Class<M> type) {
    Fixture f = current();
    return TestProbe.spawn(f.proc(), "probe_" + f.probes++, type);
  }

  /**
   * The Guice-wired runtime of the running test, started on first use with the kit's wiring and
   * modules; closed after the test.
   */
  public HyperactorRuntime runtime() {
    return current().runtime();
  }

  /**
   * The manual clock of the running test's system.
   *
   * @throws IllegalStateException unless the kit was built with {@link Builder#manualTime()}
   */
  public ManualScheduler clock() {
    ManualScheduler clock = current().clock;
    checkState(clock != null, "this kit has no manual clock; build it with manualTime()");
    return clock;
  }

  /** The log events of the running test (the root logger's, at its configured levels). */
  public CapturedLogs logs() {
    return current().logs;
  }

  /** The exit codes procs asked for during the running test; the kit fails the test if any. */
  public List<Integer> exitRequests() {
    return List.copyOf(current().exits);
  }

  /**
   * Forgets the exit requests so far, for a test that provokes one on purpose and has checked it.
   */
  public void clearExitRequests() {
    current().exits.clear();
  }

  private Fixture current() {
    Fixture f = fixture;
    checkState(f != null, "no test is running: register the kit with @RegisterExtension");
    return f;
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public void beforeAll(ExtensionContext context) {
    if (options.perClass) {
      fixture = new Fixture(options);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (options.perClass) {
      closeFixture();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!options.perClass) {
      fixture = new Fixture(options);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!options.perClass) {
      closeFixture();
    }
  }

  private void closeFixture() {
    Fixture f = fixture;
    fixture = null;
    if (f != null) {
      f.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ActorSystem.class
        || type == HyperactorRuntime.class
        || type == ManualScheduler.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == ActorSystem.class) {
      return system();
    }
    if (type == HyperactorRuntime.class) {
      return runtime();
    }
    return clock();
  }

  /** What one test (or class) gets, and the checks when it ends. */
  private static final class Fixture {
    final Builder options;
    final String name = "testkit-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    final HyperactorConfig config;
    final @Nullable ManualScheduler clock;
    final List<Integer> exits = new CopyOnWriteArrayList<>();
    final ActorSystem system;
    final CapturedLogs logs = CapturedLogs.capture();
    @Nullable Proc proc;
    @Nullable HyperactorRuntime runtime;
    int probes;

    Fixture(Builder options) {
      this.options = options;
      this.config = HyperactorConfig.defaultsOnly();
      for (Consumer<HyperactorConfig> setting : options.settings) {
        setting.accept(config);
      }
      this.clock = options.manualTime ? new ManualScheduler() : null;
      ActorSystem.Builder builder =
          ActorSystem.builder().name(name).config(config).exitHook(this::exitRequested);
      options.codecs.forEach(builder::codecs);
      options.spawnables.forEach(builder::spawnable);
      if (clock != null) {
        builder.scheduler(clock);
      }
      this.system = builder.build();
    }

    private void exitRequested(int code) {
      exits.add(code);
    }

    synchronized Proc proc() {
      if (proc == null) {
        proc = system.directProc(ChannelAddr.any(config.get(HyperactorAttrs.DEFAULT_TRANSPORT)), "test");
      }
      return proc;
    }

    synchronized HyperactorRuntime runtime() {
      if (runtime == null) {
        HyperactorConfig wired = HyperactorConfig.defaultsOnly();
        for (Consumer<HyperactorConfig> setting : options.settings) {
          setting.accept(wired);
        }
        List<Module> modules = new ArrayList<>();
        modules.add(new HyperactorCoreModule(wired, this::exitRequested));
        modules.add(HyperactorModules.managerModule(options.manager, options.modules));
        modules.add(HyperactorModules.transportModule(options.transport));
        modules.addAll(options.modules);
        runtime = Guice.createInjector(modules).getInstance(HyperactorRuntime.class).start();
      }
      return runtime;
    }

    void close() {
      List<String> problems = new ArrayList<>();
      try {
        if (runtime != null) {
          runtime.close();
        }
      } finally {
        system.close();
        logs.close();
      }
      problems.addAll(leftoverProcesses());
      problems.addAll(leftoverThreads());
      if (!exits.isEmpty()) {
        problems.add("procs asked to end the JVM with exit codes " + exits);
      }
      if (!problems.isEmpty()) {
        throw new AssertionError("the test left problems behind: " + String.join("; ", problems));
      }
    }

    private List<String> leftoverProcesses() {
      long deadline = System.nanoTime() + options.leftoverGrace.toNanos();
      List<ProcessHandle> alive = aliveDescendants();
      while (!alive.isEmpty() && System.nanoTime() < deadline) {
        sleepBriefly();
        alive = aliveDescendants();
      }
      if (alive.isEmpty()) {
        return List.of();
      }
      List<String> described =
          alive.stream()
              .map(p -> p.pid() + " (" + p.info().commandLine().orElse("?") + ")")
              .toList();
      alive.forEach(ProcessHandle::destroyForcibly);
      return List.of(
          "child processes still running " + options.leftoverGrace + " after close: " + described);
    }

    private static List<ProcessHandle> aliveDescendants() {
      return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    private List<String> leftoverThreads() {
      long deadline = System.nanoTime() + options.leftoverGrace.toNanos();
      List<String> alive = systemThreads();
      while (!alive.isEmpty() && System.nanoTime() < deadline) {
        sleepBriefly();
        alive = systemThreads();
      }
      return alive.isEmpty()
          ? List.of()
          : List.of("threads of the actor system still running after close: " + alive);
    }

    /** Threads the system named after itself: its dispatcher workers, watchdog and scheduler. */
    private List<String> systemThreads() {
      return Thread.getAllStackTraces().keySet().stream()
          .filter(Thread::isAlive)
          .map(Thread::getName)
          .filter(n -> n.contains(name))
          .sorted()
          .toList();
    }

    private static void sleepBriefly() {
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Collects a kit's options. */
  public static final class Builder {
    private final List<Consumer<CodecRegistrar>> codecs = new ArrayList<>();
    private final List<Spawnable<?, ?>> spawnables = new ArrayList<>();
    private final List<Consumer<HyperactorConfig>> settings = new ArrayList<>();
    private final List<Module> modules = new ArrayList<>();
    private boolean perClass;
    private boolean manualTime;
    private Duration leftoverGrace = Duration.ofSeconds(15);
    private ProcManagerKind manager = ProcManagerKind.LOCAL;
    private ChannelTransport transport = ChannelTransport.LOCAL;

    private Builder() {}

    /** Registers message types with each test's system. */
    public Builder codecs(Consumer<CodecRegistrar> registration) {
      codecs.add(checkNotNull(registration, "registration"));
      return this;
    }

    /** Registers a spawnable actor type with each test's system. */
    public <M, P> Builder spawnable(
        SpawnKey<M, P> key, Function<? super P, ? extends Actor<M>> factory) {
      spawnables.add(Spawnable.of(key, factory));
      return this;
    }

    /** Registers a spawnable actor type that takes no parameters. */
    public <M> Builder spawnable(SpawnKey<M, Void> key, Supplier<? extends Actor<M>> factory) {
      spawnables.add(Spawnable.of(key, factory));
      return this;
    }

    /**
     * Adjusts each test's configuration, which starts from the registry defaults (no environment,
     * no file), so that tests do not depend on the machine they run on.
     */
    public Builder config(Consumer<HyperactorConfig> setting) {
      settings.add(checkNotNull(setting, "setting"));
      return this;
    }

    /** One system for the whole test class instead of one per test. */
    public Builder perClass() {
      this.perClass = true;
      return this;
    }

    /** Gives each system a {@link ManualScheduler}, reached with {@link #clock()}. */
    public Builder manualTime() {
      this.manualTime = true;
      return this;
    }

    /**
     * Makes {@link #runtime()} fork a child JVM per proc, over {@code transport} ({@code unix} or
     * {@code tcp}); {@code modules} are the application's Guice modules, which every child installs
     * too (so they must be public with a public no-argument constructor).
     */
    public Builder processWiring(ChannelTransport transport, Module... modules) {
      this.manager = ProcManagerKind.PROCESS;
      this.transport = checkNotNull(transport, "transport");
      this.modules.addAll(List.of(modules));
      return this;
    }

    /**
     * Makes {@link #runtime()} run in-JVM procs over {@code transport} (the default is the local
     * transport), with the application's Guice {@code modules}.
     */
    public Builder localWiring(ChannelTransport transport, Module... modules) {
      this.manager = ProcManagerKind.LOCAL;
      this.transport = checkNotNull(transport, "transport");
      this.modules.addAll(List.of(modules));
      return this;
    }

    /**
     * How long the kit waits, after closing a test's system, for its child processes and threads
     * to end before it fails the test; default 15 s.
     */
    public Builder leftoverGrace(Duration grace) {
      this.leftoverGrace = checkNotNull(grace, "grace");
      return this;
    }

    /** The kit. */
    public HyperactorTestKit build() {
      return new HyperactorTestKit(this);
    }
  }
}
