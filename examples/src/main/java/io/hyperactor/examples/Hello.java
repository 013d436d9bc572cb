package io.hyperactor.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.SpawnKey;
import io.hyperactor.Spawnable;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostedProc;
import io.hyperactor.inject.HyperactorBinders;
import io.hyperactor.inject.HyperactorCoreModule;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.inject.LocalProcManagerModule;
import io.hyperactor.inject.LocalTransportModule;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.runtime.ActorSystem;
import java.time.Duration;

/**
 * The getting-started example (docs/getting-started.md): one actor, first on a proc of a plain
 * actor system, then on a proc of a Guice-wired runtime.
 */
public final class Hello {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Hello() {}

  /** Asks the greeter to greet {@code name}; the answer goes to {@code reply}. */
  public record Greet(String name, OncePortRef<String> reply) {}

  /** An actor that answers each {@link Greet} with a greeting. */
  static final class Greeter implements Actor<Greet> {
    /** How other JVMs name the greeter when they ask a proc to spawn one. */
    static final SpawnKey<Greet, Void> KEY = SpawnKey.of("hello.greeter", Greet.class);

    private int greeted;

    @Override
    public void handle(Context<Greet> cx, Greet message) {
      greeted++;
      message.reply().send(cx, "Hello, " + message.name() + "! (greeting #" + greeted + ")");
    }
  }

  /** Makes the greeter spawnable and its message encodable. */
  public static final class HelloModule extends AbstractModule {
    @Override
    protected void configure() {
      HyperactorBinders.spawnables(binder())
          .addBinding()
          .toInstance(Spawnable.of(Greeter.KEY, Greeter::new));
      HyperactorBinders.codecs(binder())
          .addBinding()
          .toInstance(codecs -> codecs.record("hello.Greet", Greet.class));
    }
  }

  /** Greets once from a plain actor system and once from a Guice-wired runtime; prints both. */
  public static void main(String[] args) throws Exception {
    System.out.println(greetDirectly("world"));
    System.out.println(greetThroughGuice("Guice"));
  }

  /** A plain actor system: spawn the actor on a proc, ask it, return the reply. */
  static String greetDirectly(String name) throws Exception {
    try (ActorSystem system = ActorSystem.create(HyperactorConfig.defaultsOnly())) {
      Proc proc = system.localProc("hello");
      ActorHandle<Greet> greeter = proc.spawn("greeter", new Greeter());
      return greeter.<String>ask(proc.instance("client"), r -> new Greet(name, r), TIMEOUT).get();
    }
  }

  /**
   * The same actor in a Guice-wired runtime: a host, a proc, the actor spawned by its key through
   * the proc's agent, and asked by reference.
   */
  static String greetThroughGuice(String name) throws Exception {
    try (HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(HyperactorConfig.defaultsOnly()),
                new LocalProcManagerModule(),
                new LocalTransportModule(),
                new HelloModule())
            .getInstance(HyperactorRuntime.class)
            .start()) {
      HostedProc<Object> proc = runtime.spawnProc("hello", 0);
      ActorRef<Greet> greeter = runtime.spawn(proc, "greeter", Greeter.KEY).get();
      return greeter.<String>ask(runtime.client(), r -> new Greet(name, r), TIMEOUT).get();
    }
  }
}
