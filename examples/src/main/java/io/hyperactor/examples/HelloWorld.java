package io.hyperactor.examples;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.runtime.ActorSystem;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The hello world of docs/getting-started.md, line for line: an actor, spawned and asked. */
public final class HelloWorld {
  private HelloWorld() {}

  // getting-started: begin
  record Greet(String name, OncePortRef<String> reply) {}

  static final class Greeter implements Actor<Greet> {
    @Override
    public void handle(Context<Greet> cx, Greet greet) {
      greet.reply().send(cx, "Hello, " + greet.name() + "!");
    }
  }

  /** Prints {@code Hello, world!}. */
  public static void main(String[] args) {
    try (ActorSystem system = ActorSystem.create()) {
      ActorHandle<Greet> greeter = system.localProc("app").spawn("greeter", new Greeter());
      CompletableFuture<String> reply = greeter.ask(system.client(), r -> new Greet("world", r), Duration.ofSeconds(5));
      System.out.println(reply.join());   // Hello, world!
    }
  }
  // getting-started: end
}
