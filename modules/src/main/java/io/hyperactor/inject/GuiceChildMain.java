package io.hyperactor.inject;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcMain;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The main class of a child proc forked by {@link ProcessProcManagerModule}, or by a host of a
 * host mesh that {@link HyperactorRuntime#spawnHostMesh} forked.
 *
 * <p>Restores the parent's configuration (from {@code HYPERACTOR_CONFIG}), instantiates the
 * application modules the parent named in {@value #CHILD_MODULES_ENV}, builds an injector from
 * {@link HyperactorModules#fromConfig} exactly as the parent did, and bootstraps the proc on that
 * injector's actor system, so the child knows the same message and spawnable types. The runtime
 * service itself is not started: a child is a proc, not a host.
 */
public final class GuiceChildMain {
  /** Comma-separated class names of the application modules a child installs. */
  public static final String CHILD_MODULES_ENV = "IO_HYPERACTOR_CHILD_MODULES";

  private GuiceChildMain() {}

  public static void main(String[] args) {
    ProcMain.boot(wireChild("proc"), proc -> {});
  }

  /**
   * The actor system of a child JVM, wired from the parent's configuration and the modules named
   * in {@value #CHILD_MODULES_ENV}; exits the JVM with a one-line reason when the wiring fails.
   */
  static ActorSystem wireChild(String role) {
    try {
      HyperactorConfig config = HyperactorConfig.global();
      Injector injector =
          Guice.createInjector(
              HyperactorModules.fromConfig(config, childModules(System.getenv(CHILD_MODULES_ENV))));
      return injector.getInstance(ActorSystem.class);
    } catch (RuntimeException e) {
      // The parent keeps this line in the child's stderr tail.
      System.err.println("failed to wire child " + role + ": " + e.getMessage());
      System.exit(1);
      throw e;
    }
  }

  /** The value of {@value #CHILD_MODULES_ENV} that names {@code modules}. */
  static String childModulesValue(List<Class<? extends Module>> modules) {
    return modules.stream().map(Class::getName).collect(Collectors.joining(","));
  }

  /**
   * Instantiates the named modules.
   *
   * @throws IllegalArgumentException naming a class that is missing or not a usable module
   */
  static ImmutableList<Module> childModules(@Nullable String names) {
    if (names == null || names.isBlank()) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<Module> modules = ImmutableList.builder();
    for (String name : Splitter.on(',').trimResults().omitEmptyStrings().split(names)) {
      Class<?> type;
      try {
        type = Class.forName(name, false, GuiceChildMain.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(
            CHILD_MODULES_ENV + " names module " + name + ", which is not on the class path", e);
      }
      ProcessProcManagerModule.checkInstantiable(type);
      try {
        modules.add((Module) type.getConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(
            "cannot instantiate module " + name + ": " + e.getCause(), e);
      }
    }
    return modules.build();
  }
}
