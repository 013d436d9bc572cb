package io.hyperactor.inject;

import static com.google.common.truth.Truth.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.runtime.ActorSystem;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.junit.jupiter.api.Test;

/** The optional {@link OpenTelemetry} binding reaches the actor system the runtime builds. */
class OpenTelemetryBindingTest {
  private static final OpenTelemetry PROPAGATING =
      OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));

  private static OpenTelemetry systemOpenTelemetry(Module... extra) {
    Injector injector =
        Guice.createInjector(
            Modules.combine(
                new HyperactorCoreModule(HyperactorConfig.defaultsOnly()),
                new LocalProcManagerModule(),
                new LocalTransportModule(),
                Modules.combine(extra)));
    HyperactorRuntime runtime = injector.getInstance(HyperactorRuntime.class);
    try {
      return injector.getInstance(ActorSystem.class).openTelemetry();
    } finally {
      runtime.close();
    }
  }

  @Test
  void withoutABindingTheSystemUsesTheNoopInstance() {
    assertThat(systemOpenTelemetry()).isSameInstanceAs(OpenTelemetry.noop());
  }

  @Test
  void theOptionalBindingGivesTheSystemItsInstance() {
    assertThat(
            systemOpenTelemetry(
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    HyperactorBinders.openTelemetry(binder()).setBinding().toInstance(PROPAGATING);
                  }
                }))
        .isSameInstanceAs(PROPAGATING);
  }

  @Test
  void aPlainBindingGivesTheSystemItsInstance() {
    assertThat(
            systemOpenTelemetry(
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    bind(OpenTelemetry.class).toInstance(PROPAGATING);
                  }
                }))
        .isSameInstanceAs(PROPAGATING);
  }
}
