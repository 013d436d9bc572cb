package io.hyperactor.benchmarks.hyperactor;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.ProcMain;

/**
 * A JVM forked by {@link HyperactorMesh}'s process host: it boots as a proc, then serves one
 * in-process host, so the procs that host spawns (and their actors) live in this JVM. Its parent
 * asks actor {@value #HOST_INFO} of the bootstrap proc for the host's address and attaches to it.
 */
public final class MeshHostMain {
  /** The actor that answers {@link HyperactorMesh.HostAddress}. */
  static final String HOST_INFO = "mesh_host_info";

  private MeshHostMain() {}

  public static void main(String[] args) {
    ActorSystem system = HyperactorMesh.systemBuilder().build();
    ProcMain.boot(
        system,
        proc -> {
          HostMesh host = HostMeshes.local(system, 1);
          proc.spawn(HOST_INFO, new HostInfo(host.ref().hosts().get(0).addr()));
        });
  }

  /** Answers with the address of this JVM's host. */
  private static final class HostInfo implements Actor<HyperactorMesh.HostAddress> {
    private final ChannelAddr addr;

    HostInfo(ChannelAddr addr) {
      this.addr = addr;
    }

    @Override
    public void handle(Context<HyperactorMesh.HostAddress> cx, HyperactorMesh.HostAddress message) {
      message.reply().send(cx, addr);
    }
  }
}
