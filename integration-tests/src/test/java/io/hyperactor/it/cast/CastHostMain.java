package io.hyperactor.it.cast;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.ProcMain;

/**
 * A forked JVM that serves one in-process host (its procs run in this JVM) for the casting tests:
 * a proc mesh of {@code gpus: 8} per host then puts eight actors in each forked JVM. Its parent
 * asks actor {@value #HOST_INFO} of the bootstrap proc for the host's address and attaches to it.
 */
public final class CastHostMain {
  /** The actor that answers {@link CastMeshActor.HostAddress}. */
  public static final String HOST_INFO = "cast_host_info";

  private CastHostMain() {}

  public static void main(String[] args) {
    ActorSystem system =
        ActorSystem.builder()
            .codecs(CastMeshActor::codecs)
            .spawnable(CastMeshActor.KEY, CastMeshActor::new)
            .build();
    ProcMain.boot(
        system,
        proc -> {
          HostMesh host = HostMeshes.local(system, 1);
          ChannelAddr addr = host.ref().hosts().get(0).addr();
          proc.spawn(HOST_INFO, new HostInfo(addr));
        });
  }

  /** Answers with the address of this JVM's host. */
  private static final class HostInfo implements Actor<CastMeshActor.HostAddress> {
    private final ChannelAddr addr;

    HostInfo(ChannelAddr addr) {
      this.addr = addr;
    }

    @Override
    public void handle(Context<CastMeshActor.HostAddress> cx, CastMeshActor.HostAddress message) {
      message.reply().send(cx, addr);
    }
  }
}
