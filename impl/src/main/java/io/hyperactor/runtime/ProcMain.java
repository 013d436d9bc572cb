package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.bootstrap.BootstrapMain;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.function.Consumer;

/**
 * The entry point of a child JVM that a process host starts as a proc.
 *
 * <p>The child restores its parent's configuration from the environment, connects to the host's
 * backend, boots its proc agent and spawn gateway, serves, and calls the host back. It ends when
 * the host stops it or when the parent process dies. The default main class of {@link
 * ProcessProcManagerOptions} is this one, with the built-in message types; an application that
 * sends its own types to its procs, or spawns its own actor types there, writes a main class that
 * calls {@link #boot} with a builder that registers them, and names it with {@link
 * ProcessProcManagerOptions#withMainClass}.
 *
 * <pre>{@code
 * public final class WorkerProcMain {
 *   public static void main(String[] args) {
 *     ProcMain.boot(
 *         ActorSystem.builder()
 *             .codecs(c -> c.sealed("app.WorkerMsg", WorkerMsg.class))
 *             .spawnable(Worker.KEY, Worker::new),
 *         proc -> {});
 *   }
 * }
 * }</pre>
 *
 * <p>A child JVM exports telemetry through {@link GlobalOpenTelemetry#get()} unless the builder
 * was given an instance: an OpenTelemetry Java agent on the child's command line (see {@link
 * ProcessProcManagerOptions}), or the SDK's autoconfigure module on its class path, applies there
 * without code. Without either, the global instance is the no-op one and the child exports nothing.
 */
public final class ProcMain {
  private ProcMain() {}

  /** Boots this JVM as a proc with the built-in message types only. */
  public static void main(String[] args) {
    boot(ActorSystem.builder(), proc -> {});
  }

  /**
   * Boots this JVM as a proc of an actor system built by {@code system} (its configuration is the
   * parent's unless the builder sets one); {@code setup} runs on the proc after its agent booted
   * and before the host is called back, to spawn actors that must exist from the start. Never
   * returns: the process ends when the proc is stopped or the parent dies. A child that cannot
   * bootstrap prints why on stderr and exits with a distinctive code the host reports.
   */
  public static void boot(ActorSystem.Builder system, Consumer<Proc> setup) {
    checkNotNull(system, "system");
    checkNotNull(setup, "setup");
    // A member of a warm pool waits here for its proc, so the system is built with the
    // configuration of the spawn.
    BootstrapMain.Start start = BootstrapMain.start(ProcMain::rehearsalSystem);
    start.boot(
        system.openTelemetryUnlessGiven(GlobalOpenTelemetry::get).build().services(), setup);
  }

  /**
   * The services of the throwaway system a pool member rehearses a proc's boot on: the built-in
   * types, the defaults-only configuration (the member has no configuration of its own before it
   * is assigned), the no-op telemetry, and an exit hook that never ends the process.
   */
  private static RuntimeServices rehearsalSystem() {
    return ActorSystem.builder()
        .name("hyperactor-rehearsal")
        .config(HyperactorConfig.defaultsOnly())
        .exitHook(code -> {})
        .build()
        .services();
  }

  /**
   * As {@link #boot(ActorSystem.Builder, Consumer)}, with a system built elsewhere (by Guice).
   * Such a child cannot wait in a warm pool ({@code process_pool_size}): its system was built
   * before it could be assigned a proc, so a pooled JVM running this exits at once and its host
   * stops pooling.
   */
  public static void boot(ActorSystem system, Consumer<Proc> setup) {
    checkNotNull(system, "system");
    checkNotNull(setup, "setup");
    BootstrapMain.boot(system.services(), setup);
  }
}
