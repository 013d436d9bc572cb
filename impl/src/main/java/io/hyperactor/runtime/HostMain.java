package io.hyperactor.runtime;

/**
 * The entry point of a child JVM that a process host mesh starts as a host.
 *
 * <p>The child restores its parent's configuration, serves a host whose procs are child JVMs of
 * its own, runs a host agent on the host's service proc, tells the parent its address, and serves
 * until the parent shuts it down or dies. An application whose hosts need their own message types
 * writes a main class that calls {@link #boot} with a builder that registers them, and names it
 * with {@link HostProcessOptions#withHostMainClass}.
 */
public final class HostMain {
  private HostMain() {}

  /** Boots this JVM as a host with the built-in message types only. */
  public static void main(String[] args) {
    boot(ActorSystem.builder());
  }

  /**
   * Boots this JVM as a host of an actor system built by {@code system} (its configuration is the
   * parent's unless the builder sets one). Never returns: the process ends when the host is shut
   * down or the parent dies.
   */
  public static void boot(ActorSystem.Builder system) {
    throw new UnsupportedOperationException("host JVMs are not implemented yet");
  }
}
