package io.hyperactor.inject;

import com.google.inject.AbstractModule;
import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.Spawnable;
import io.hyperactor.ref.OncePortRef;

/** A test actor that greets by name, and the module that makes it spawnable. */
final class Greeter implements Actor<Greeter.Greet> {
  static final SpawnKey<Greet, Void> KEY = SpawnKey.of("test.greeter", Greet.class);

  /** A key for a type nobody registered. */
  static final SpawnKey<Greet, Void> UNREGISTERED = SpawnKey.of("no.such.type", Greet.class);

  /** Asks for a greeting. */
  record Greet(String name, OncePortRef<String> reply) {}

  @Override
  public void handle(Context<Greet> cx, Greet message) {
    message.reply().send(cx, "hello " + message.name() + " from " + cx.selfId().procId().name());
  }

  /** Contributes the greeter and its message. */
  static final class GreeterModule extends AbstractModule {
    @Override
    protected void configure() {
      HyperactorBinders.spawnables(binder()).addBinding().toInstance(Spawnable.of(KEY, Greeter::new));
      HyperactorBinders.codecs(binder())
          .addBinding()
          .toInstance(codecs -> codecs.record("test.Greet", Greet.class));
    }
  }
}
