package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * How a process host mesh starts its host JVMs ({@link HostMeshes#process}).
 *
 * <p>Each host is a child JVM running {@link #hostMainClass()} (default {@link HostMain}), which
 * serves a host whose procs are JVMs running {@link #procMainClass()} (default {@link ProcMain}).
 * An application that spawns its own actor types on the procs names its own proc main class (see
 * {@link ProcMain}).
 *
 * @param hostMainClass the main class of every host JVM
 * @param procMainClass the main class of every proc JVM the hosts start
 * @param jvmArgs JVM flags of every host JVM
 * @param env environment variables added to every host JVM
 */
public record HostProcessOptions(
    String hostMainClass,
    String procMainClass,
    List<String> jvmArgs,
    Map<String, String> env) {
  public HostProcessOptions {
    checkNotNull(hostMainClass, "hostMainClass");
    checkNotNull(procMainClass, "procMainClass");
    jvmArgs = ImmutableList.copyOf(checkNotNull(jvmArgs, "jvmArgs"));
    env = ImmutableMap.copyOf(checkNotNull(env, "env"));
  }

  /** {@link HostMain} hosts starting {@link ProcMain} procs, with no extra flags or variables. */
  public static HostProcessOptions defaults() {
    return new HostProcessOptions(
        HostMain.class.getName(), ProcMain.class.getName(), ImmutableList.of(), ImmutableMap.of());
  }

  /** These options with {@code className} as the hosts' main class. */
  public HostProcessOptions withHostMainClass(String className) {
    return new HostProcessOptions(className, procMainClass, jvmArgs, env);
  }

  /** These options with {@code className} as the procs' main class. */
  public HostProcessOptions withProcMainClass(String className) {
    return new HostProcessOptions(hostMainClass, className, jvmArgs, env);
  }

  /** These options with {@code flags} added to every host JVM's flags. */
  public HostProcessOptions withJvmArgs(List<String> flags) {
    return new HostProcessOptions(
        hostMainClass,
        procMainClass,
        ImmutableList.<String>builder().addAll(jvmArgs).addAll(flags).build(),
        env);
  }

  /** These options with {@code vars} added to every host JVM's environment. */
  public HostProcessOptions withEnv(Map<String, String> vars) {
    return new HostProcessOptions(
        hostMainClass,
        procMainClass,
        jvmArgs,
        ImmutableMap.<String, String>builder().putAll(env).putAll(vars).buildKeepingLast());
  }
}
