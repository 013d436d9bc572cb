package io.hyperactor.cli;

import com.google.inject.AbstractModule;
import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.Spawnable;
import io.hyperactor.inject.HyperactorBinders;
import io.hyperactor.ref.OncePortRef;

/** A test actor that counts, answers with its count, and fails when told to. */
public final class Counter implements Actor<Counter.CounterMsg> {
  static final SpawnKey<CounterMsg, Void> KEY = SpawnKey.of("cli.test.counter", CounterMsg.class);

  /** The counter's protocol. */
  sealed interface CounterMsg permits Incr, Get, Fail, Print {}

  /** Adds one. */
  record Incr() implements CounterMsg {}

  /** Asks for the count. */
  record Get(OncePortRef<Long> reply) implements CounterMsg {}

  /** Makes the handler throw, failing the actor with {@code why}. */
  record Fail(String why) implements CounterMsg {}

  /** Writes {@code text} as one line to standard output and one to standard error. */
  record Print(String text) implements CounterMsg {}

  private long count;

  @Override
  public void handle(Context<CounterMsg> cx, CounterMsg message) {
    switch (message) {
      case Incr i -> count++;
      case Get g -> g.reply().send(cx, count);
      case Fail f -> throw new IllegalStateException(f.why());
      case Print p -> {
        System.out.println("out: " + p.text());
        System.err.println("err: " + p.text());
      }
    }
  }

  /** Makes the counter spawnable and its messages encodable, in the parent and in child procs. */
  public static final class CounterModule extends AbstractModule {
    /** Instantiated by child procs by name. */
    public CounterModule() {}

    @Override
    protected void configure() {
      HyperactorBinders.spawnables(binder())
          .addBinding()
          .toInstance(Spawnable.of(KEY, Counter::new));
      HyperactorBinders.codecs(binder())
          .addBinding()
          .toInstance(codecs -> codecs.sealed("cli.test.CounterMsg", CounterMsg.class));
    }
  }
}
