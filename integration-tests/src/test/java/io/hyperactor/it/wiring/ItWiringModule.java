package io.hyperactor.it.wiring;

import com.google.inject.AbstractModule;
import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.Spawnable;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.inject.HyperactorBinders;
import io.hyperactor.ref.OncePortRef;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

/**
 * The suite's application module: a spawnable probe actor that reports where it runs and which
 * wiring its proc's injector has. Public with a no-argument constructor, so forked children
 * install it too.
 */
public final class ItWiringModule extends AbstractModule {
  static final SpawnKey<WhereAreYou, Void> PROBE = SpawnKey.of("it.wiring.probe", WhereAreYou.class);

  /** Asks the probe where it runs. */
  record WhereAreYou(OncePortRef<Whereabouts> reply) {}

  /** The probe's answer: its proc, its process and its injector's configured wiring. */
  record Whereabouts(String proc, long pid, String procManager, String transport) {}

  @Override
  protected void configure() {
    HyperactorBinders.spawnables(binder()).addBinding().toProvider(ProbeFactory.class);
    HyperactorBinders.codecs(binder())
        .addBinding()
        .toInstance(
            codecs ->
                codecs
                    .record("it.wiring.WhereAreYou", WhereAreYou.class)
                    .record("it.wiring.Whereabouts", Whereabouts.class));
  }

  /** Builds probes that read the injector's configuration. */
  static final class ProbeFactory implements Provider<Spawnable<?, ?>> {
    private final HyperactorConfig config;

    @Inject
    ProbeFactory(HyperactorConfig config) {
      this.config = config;
    }

    @Override
    public Spawnable<?, ?> get() {
      return Spawnable.of(PROBE, () -> new Probe(config));
    }
  }

  private record Probe(HyperactorConfig config) implements Actor<WhereAreYou> {
    @Override
    public void handle(Context<WhereAreYou> cx, WhereAreYou message) {
      message
          .reply()
          .send(
              cx,
              new Whereabouts(
                  cx.selfId().procId().name(),
                  ProcessHandle.current().pid(),
                  config.get(HyperactorAttrs.PROC_MANAGER).toString(),
                  config.get(HyperactorAttrs.DEFAULT_TRANSPORT).toString()));
    }
  }
}
