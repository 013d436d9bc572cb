package io.hyperactor.config;

import java.util.Locale;

/** Which proc manager a host uses to run its procs; a Java-only setting. */
public enum ProcManagerKind {
  /** Procs run inside the host's JVM; for tests and single-process applications. */
  LOCAL,
  /** Each proc is a child JVM started and monitored by the host. */
  PROCESS;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
