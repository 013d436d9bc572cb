package io.hyperactor.it.admin;

import com.google.inject.AbstractModule;
import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.Spawnable;
import io.hyperactor.inject.HyperactorBinders;
import io.hyperactor.ref.OncePortRef;

/**
 * The browser test's application module: a spawnable worker that answers pings, so that every
 * proc of the mesh has an application actor to show. Public with a no-argument constructor, so
 * forked children install it too.
 */
public final class DashboardItModule extends AbstractModule {
  static final SpawnKey<Ping, Void> WORKER = SpawnKey.of("it.admin.worker", Ping.class);

  /** Asks a worker for its actor's name. */
  record Ping(OncePortRef<String> reply) {}

  @Override
  protected void configure() {
    HyperactorBinders.spawnables(binder())
        .addBinding()
        .toInstance(Spawnable.of(WORKER, Worker::new));
    HyperactorBinders.codecs(binder())
        .addBinding()
        .toInstance(codecs -> codecs.record("it.admin.Ping", Ping.class));
  }

  private static final class Worker implements Actor<Ping> {
    @Override
    public void handle(Context<Ping> cx, Ping message) {
      message.reply().send(cx, cx.selfId().name());
    }
  }
}
