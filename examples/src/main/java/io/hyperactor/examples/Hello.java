package io.hyperactor.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostedProc;
import io.hyperactor.inject.HyperactorBinders;
import io.hyperactor.inject.HyperactorCoreModule;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.inject.LocalProcManagerModule;
import io.hyperactor.inject.LocalTransportModule;
import io.hyperactor.inject.SpawnedActor;
import io.hyperactor.internal.Procs;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import java.time.Duration;

/**
 * The getting-started example (docs/getting-started.md): one actor, first on a bare proc, then on
 * a proc of a Guice-wired runtime.
 */
public final class Hello {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Hello() {}

  /** Asks the greeter to greet {@code name}; the answer goes to {@code reply}. */
  public record Greet(String name, OncePortRef<String> reply) {}

  /** An actor that answers each {@link Greet} with a greeting. */
  static final class Greeter implements Actor<Greet> {
    private int greeted;

    @Override
    public void handle(Context<Greet> cx, Greet message) {
      greeted++;
      message.reply().send(cx, "Hello, " + message.name() + "! (greeting #" + greeted + " from "
          + cx.selfId() + ")");
    }
  }

  /** Makes the greeter spawnable by name and its message encodable. */
  public static final class HelloModule extends AbstractModule {
    @Override
    protected void configure() {
      HyperactorBinders.spawnables(binder()).addBinding("hello.greeter").toInstance(p -> new Greeter());
      HyperactorBinders.codecs(binder())
          .addBinding()
          .toInstance(codecs -> codecs.record("hello.Greet", Greet.class));
    }
  }

  public static void main(String[] args) throws Exception {
    // 1. A bare proc: spawn the actor, send it a message, wait for the reply.
    Proc proc = Procs.local();
    ActorHandle<Greet> greeter = proc.spawn("greeter", new Greeter());
    try (ClientInstance client = proc.instance("client")) {
      OncePortReceiver<String> reply = client.openOncePort();
      greeter.send(client, new Greet("world", reply.handle().bind()));
      System.out.println(reply.recv(TIMEOUT));
    }
    proc.destroyAndWait(TIMEOUT, null, "done");

    // 2. The same actor in a Guice-wired runtime: a host, a proc, the actor spawned by type name
    // through the proc's agent, and a message sent by reference.
    try (HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(HyperactorConfig.defaultsOnly()),
                new LocalProcManagerModule(),
                new LocalTransportModule(),
                new HelloModule())
            .getInstance(HyperactorRuntime.class)
            .start()) {
      HostedProc<Object> p = runtime.spawnProc("hello", 0);
      SpawnedActor spawned = runtime.spawnActor(p, "greeter", "hello.greeter", new byte[0]);
      OncePortReceiver<String> reply = runtime.client().openOncePort();
      ActorRef.<Greet>attest(spawned.actorId())
          .send(runtime.client(), new Greet("Guice", reply.handle().bind()));
      System.out.println(reply.recv(TIMEOUT));
    }
  }
}
