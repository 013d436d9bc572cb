package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.HostProcessOptions;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Selects the process-forking proc manager: every proc is a child JVM running {@link
 * GuiceChildMain}, which builds an injector from the same modules as the parent, configured from
 * the parent's serialized configuration. Needs a gRPC transport ({@link GrpcTransportModule}).
 *
 * <p>The child cannot receive module instances, only their classes: application modules named
 * with {@link #withChildModules} must be public classes with a public no-argument constructor.
 * {@link HyperactorModules#fromConfig} passes the application's modules here.
 */
public final class ProcessProcManagerModule extends AbstractModule {
  static final String NAME = "ProcessProcManagerModule";

  private final ImmutableList<Class<? extends Module>> childModules;
  private final ImmutableList<String> jvmArgs;

  /** Children with the runtime's modules only. */
  public ProcessProcManagerModule() {
    this(ImmutableList.of(), ImmutableList.of());
  }

  private ProcessProcManagerModule(
      ImmutableList<Class<? extends Module>> childModules, ImmutableList<String> jvmArgs) {
    this.childModules = childModules;
    this.jvmArgs = jvmArgs;
  }

  /**
   * This module, with {@code modules} installed in every child as well.
   *
   * @throws IllegalArgumentException naming a class that a child could not instantiate
   */
  public ProcessProcManagerModule withChildModules(List<Class<? extends Module>> modules) {
    for (Class<? extends Module> type : modules) {
      checkInstantiable(type);
    }
    return new ProcessProcManagerModule(ImmutableList.copyOf(modules), jvmArgs);
  }

  /** This module, passing {@code flags} to every child JVM (for example {@code -Xmx256m}). */
  public ProcessProcManagerModule withJvmArgs(List<String> flags) {
    return new ProcessProcManagerModule(childModules, ImmutableList.copyOf(flags));
  }

  /** The application modules every child installs: an immutable list. */
  public List<Class<? extends Module>> childModules() {
    return childModules;
  }

  static void checkInstantiable(Class<?> type) {
    checkNotNull(type, "module class");
    checkArgument(
        Module.class.isAssignableFrom(type), "%s is not a Guice Module", type.getName());
    checkArgument(
        Modifier.isPublic(type.getModifiers())
            && !Modifier.isAbstract(type.getModifiers())
            && (type.getEnclosingClass() == null || Modifier.isStatic(type.getModifiers())),
        "module %s cannot be installed in child procs: it must be a public, concrete, top-level"
            + " or static nested class",
        type.getName());
    try {
      checkArgument(
          Modifier.isPublic(type.getConstructor().getModifiers()),
          "module %s cannot be installed in child procs: its no-argument constructor is not"
              + " public",
          type.getName());
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "module "
              + type.getName()
              + " cannot be installed in child procs: it has no public no-argument constructor",
          e);
    }
  }

  @Override
  protected void configure() {
    HyperactorBinders.managerChoices(binder())
        .addBinding(NAME)
        .toInstance(new Choice(childModules, jvmArgs));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ProcessProcManagerModule other
        && other.childModules.equals(childModules)
        && other.jvmArgs.equals(jvmArgs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(childModules, jvmArgs);
  }

  private record Choice(
      ImmutableList<Class<? extends Module>> childModules, ImmutableList<String> jvmArgs)
      implements ProcManagerChoice {
    @Override
    public String moduleName() {
      return NAME;
    }

    @Override
    public ProcManagerKind kind() {
      return ProcManagerKind.PROCESS;
    }

    @Override
    public RuntimeHost<?> open(ActorSystem system, ChannelTransport transport) {
      ProcessProcManagerOptions options =
          ProcessProcManagerOptions.fromConfig(system.config())
              .withTransport(transport)
              .withMainClass(GuiceChildMain.class.getName())
              .withJvmArgs(jvmArgs)
              .withEnv(
                  ImmutableMap.of(
                      GuiceChildMain.CHILD_MODULES_ENV,
                      GuiceChildMain.childModulesValue(childModules)));
      Host<Object, ProcessProcConfig> host =
          system.processHost(ChannelAddr.any(transport), options);
      return new RuntimeHost<>(host, ProcessProcConfig::ofRank);
    }

    @Override
    public CompletableFuture<HostMesh> spawnHostMesh(ActorSystem system, int hosts) {
      return HostMeshes.process(
          system,
          hosts,
          HostProcessOptions.defaults()
              .withHostMainClass(GuiceHostMain.class.getName())
              .withProcMainClass(GuiceChildMain.class.getName())
              .withJvmArgs(jvmArgs)
              .withEnv(
                  Map.of(
                      GuiceChildMain.CHILD_MODULES_ENV,
                      GuiceChildMain.childModulesValue(childModules))));
    }
  }
}
