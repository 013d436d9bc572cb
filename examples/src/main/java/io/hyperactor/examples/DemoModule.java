package io.hyperactor.examples;

import com.google.inject.AbstractModule;
import io.hyperactor.Spawnable;
import io.hyperactor.inject.HyperactorBinders;

/**
 * The demo's application module: the worker as a spawnable actor type and its messages as codecs
 * ({@link DemoCodecs}).
 * Public with a no-argument constructor, so that every forked host and proc installs it too.
 */
public final class DemoModule extends AbstractModule {
  @Override
  protected void configure() {
    HyperactorBinders.spawnables(binder())
        .addBinding()
        .toInstance(Spawnable.of(Worker.KEY, Worker::new));
    HyperactorBinders.codecs(binder())
        .addBinding()
        .toInstance(new DemoCodecs()::accept);
  }
}
