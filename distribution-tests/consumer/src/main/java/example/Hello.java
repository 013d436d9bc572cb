package example;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.runtime.ActorSystem;
import java.time.Duration;

/** A hello-world actor, asked once. */
public final class Hello {
  private Hello() {}

  record Greet(String name, OncePortRef<String> reply) {}

  static final class Greeter implements Actor<Greet> {
    @Override
    public void handle(Context<Greet> cx, Greet greet) {
      greet.reply().send(cx, "Hello, " + greet.name() + "!");
    }
  }

  public static void main(String[] args) {
    try (ActorSystem system = ActorSystem.create()) {
      ActorHandle<Greet> greeter = system.localProc("app").spawn("greeter", new Greeter());
      System.out.println(
          greeter.<String>ask(system.client(), r -> new Greet("consumer", r), Duration.ofSeconds(10)).join());
    }
  }
}
