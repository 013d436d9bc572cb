package io.hyperactor.inject;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.typesafe.config.ConfigFactory;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A miswired injector fails at creation, saying what to install. */
class WiringValidationTest {
  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();

  private CreationException creationFails(Module... modules) {
    return assertThrows(CreationException.class, () -> Guice.createInjector(modules));
  }

  @Test
  void two_proc_managers_fail_naming_both() {
    CreationException e =
        creationFails(
            new HyperactorCoreModule(config),
            new LocalProcManagerModule(),
            new ProcessProcManagerModule(),
            GrpcTransportModule.unix());
    assertThat(e)
        .hasMessageThat()
        .contains(
            "install exactly one of LocalProcManagerModule or ProcessProcManagerModule (found:"
                + " LocalProcManagerModule, ProcessProcManagerModule)");
  }

  @Test
  void no_proc_manager_fails_saying_none() {
    CreationException e =
        creationFails(new HyperactorCoreModule(config), new LocalTransportModule());
    assertThat(e)
        .hasMessageThat()
        .contains(
            "install exactly one of LocalProcManagerModule or ProcessProcManagerModule (found:"
                + " none)");
  }

  @Test
  void no_transport_fails_naming_the_transport_modules() {
    CreationException e =
        creationFails(new HyperactorCoreModule(config), new LocalProcManagerModule());
    assertThat(e)
        .hasMessageThat()
        .contains(
            "install exactly one of LocalTransportModule, GrpcTransportModule.tcp(),"
                + " GrpcTransportModule.tls() or GrpcTransportModule.unix() (found: none)");
  }

  @Test
  void two_transports_fail_naming_both() {
    CreationException e =
        creationFails(
            new HyperactorCoreModule(config),
            new LocalProcManagerModule(),
            GrpcTransportModule.tcp(),
            GrpcTransportModule.unix());
    assertThat(e)
        .hasMessageThat()
        .contains("(found: GrpcTransportModule.tcp, GrpcTransportModule.unix)");
  }

  @Test
  void tls_is_selected_by_config_and_by_its_module() {
    assertThat(HyperactorModules.transportModule(ChannelTransport.TLS))
        .isEqualTo(GrpcTransportModule.tls());
    assertThat(GrpcTransportModule.tls().transport()).isEqualTo(ChannelTransport.TLS);
    HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(config),
                new LocalProcManagerModule(),
                GrpcTransportModule.tls())
            .getInstance(HyperactorRuntime.class);
    try {
      assertThat(runtime.transport()).isEqualTo(ChannelTransport.TLS);
    } finally {
      runtime.close();
    }
  }

  @Test
  void process_manager_over_the_local_transport_fails_suggesting_grpc() {
    CreationException e =
        creationFails(
            new HyperactorCoreModule(config),
            new ProcessProcManagerModule(),
            new LocalTransportModule());
    assertThat(e)
        .hasMessageThat()
        .contains(
            "ProcessProcManagerModule forks child JVMs, which cannot reach the host over the"
                + " in-JVM local transport: install GrpcTransportModule.unix() or"
                + " GrpcTransportModule.tcp() instead of LocalTransportModule");
  }

  @Test
  void a_message_type_registered_twice_fails_at_creation_naming_it() {
    CreationException e =
        creationFails(
            new HyperactorCoreModule(config),
            new LocalProcManagerModule(),
            new LocalTransportModule(),
            new Greeter.GreeterModule(),
            new AbstractModule() {
              @Override
              protected void configure() {
                HyperactorBinders.codecs(binder())
                    .addBinding()
                    .toInstance(codecs -> codecs.record("test.Greet", Greeter.Greet.class));
              }
            });
    assertThat(e).hasMessageThat().contains("type name 'test.Greet' is already registered");
  }

  @Test
  void installing_the_same_choice_twice_is_harmless() {
    HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(config),
                new LocalProcManagerModule(),
                new LocalProcManagerModule(),
                new LocalTransportModule())
            .getInstance(HyperactorRuntime.class);
    assertThat(runtime.managerKind()).isEqualTo(ProcManagerKind.LOCAL);
  }

  @Test
  void from_config_selects_the_configured_manager_and_transport() {
    config.set(HyperactorAttrs.PROC_MANAGER, ProcManagerKind.PROCESS);
    config.set(HyperactorAttrs.DEFAULT_TRANSPORT, ChannelTransport.TCP);
    HyperactorRuntime runtime =
        Guice.createInjector(HyperactorModules.fromConfig(config))
            .getInstance(HyperactorRuntime.class);
    assertThat(runtime.managerKind()).isEqualTo(ProcManagerKind.PROCESS);
    assertThat(runtime.transport()).isEqualTo(ChannelTransport.TCP);

    config.set(HyperactorAttrs.PROC_MANAGER, ProcManagerKind.LOCAL);
    config.set(HyperactorAttrs.DEFAULT_TRANSPORT, ChannelTransport.LOCAL);
    HyperactorRuntime local =
        Guice.createInjector(HyperactorModules.fromConfig(config))
            .getInstance(HyperactorRuntime.class);
    assertThat(local.managerKind()).isEqualTo(ProcManagerKind.LOCAL);
    assertThat(local.transport()).isEqualTo(ChannelTransport.LOCAL);
  }

  @Test
  void a_wiring_that_the_environment_contradicts_fails_to_start_naming_the_key() {
    // The environment beats the runtime layer where the runtime records its wiring, so children
    // would rebuild tcp while this runtime runs local.
    HyperactorConfig fromEnv =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_MESH_DEFAULT_TRANSPORT", "tcp"), ConfigFactory.empty());
    HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(fromEnv),
                new LocalProcManagerModule(),
                new LocalTransportModule())
            .getInstance(HyperactorRuntime.class);
    IllegalStateException e = assertThrows(IllegalStateException.class, runtime::start);
    assertThat(e.getCause())
        .hasMessageThat()
        .isEqualTo(
            "hyperactor.default_transport is tcp from the ENV layer, but this runtime is wired with"
                + " local; child procs rebuild their wiring from the configuration and would run"
                + " tcp. Remove that setting or choose the wiring with"
                + " HyperactorModules.fromConfig");
    assertThat(runtime.state()).isEqualTo(Service.State.FAILED);
  }

  @Test
  void child_modules_must_be_instantiable_by_class() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HyperactorModules.fromConfig(
                    configWithProcessManager(), new Greeter.GreeterModule()));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "module io.hyperactor.inject.Greeter$GreeterModule cannot be installed in child"
                + " procs: it must be a public, concrete, top-level or static nested class");
  }

  @Test
  void a_child_module_name_not_on_the_class_path_is_named() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GuiceChildMain.childModules("com.example.Nope"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "IO_HYPERACTOR_CHILD_MODULES names module com.example.Nope, which is not on the class"
                + " path");
  }

  @Test
  void a_child_module_name_that_is_not_a_module_is_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GuiceChildMain.childModules("java.lang.String"));
    assertThat(e).hasMessageThat().isEqualTo("java.lang.String is not a Guice Module");
  }

  private HyperactorConfig configWithProcessManager() {
    config.set(HyperactorAttrs.PROC_MANAGER, ProcManagerKind.PROCESS);
    config.set(HyperactorAttrs.DEFAULT_TRANSPORT, ChannelTransport.UNIX);
    return config;
  }
}
