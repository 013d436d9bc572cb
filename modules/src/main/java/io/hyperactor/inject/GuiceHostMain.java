package io.hyperactor.inject;

import io.hyperactor.runtime.HostMain;

/**
 * The main class of a host JVM forked by {@link HyperactorRuntime#spawnHostMesh} under {@link
 * ProcessProcManagerModule}.
 *
 * <p>Wires an actor system from the parent's configuration and the application modules named in
 * {@value GuiceChildMain#CHILD_MODULES_ENV}, as {@link GuiceChildMain} does for a proc, and serves
 * a host of it whose procs are {@link GuiceChildMain} JVMs: the host and its procs know the same
 * message and spawnable types as the parent.
 */
public final class GuiceHostMain {
  private GuiceHostMain() {}

  public static void main(String[] args) {
    HostMain.boot(GuiceChildMain.wireChild("host"), args);
  }
}
