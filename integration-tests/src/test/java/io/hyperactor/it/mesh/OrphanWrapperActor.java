package io.hyperactor.it.mesh;

import io.hyperactor.Actor;
import io.hyperactor.Blocking;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.SpawnKey;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.ProcMeshRef;
import io.hyperactor.ref.OncePortRef;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An actor that spawns a child actor mesh on another proc mesh in its {@code init}, so the child
 * mesh's controller runs in this actor's process: upstream's {@code WrapperActor}.
 */
@Blocking
public final class OrphanWrapperActor implements Actor<OrphanWrapperActor.Msg> {
  /** The spawnable type. */
  public static final SpawnKey<Msg, Params> KEY =
      SpawnKey.of("it.mesh.orphan_wrapper", Msg.class, Params.class);

  /** The wrapper's protocol. */
  public sealed interface Msg {}

  /** Replies with the id of the child mesh. */
  public record GetChild(OncePortRef<ActorMeshId> reply) implements Msg {}

  /** Replies with the id of the process the wrapper runs in. */
  public record GetPid(OncePortRef<Long> reply) implements Msg {}

  /**
   * @param on the proc mesh to spawn the child mesh on
   */
  public record Params(ProcMeshRef on) {}

  /** Registers the wrapper's messages. */
  public static void codecs(CodecRegistrar codecs) {
    codecs.sealed("it.mesh.orphan.Msg", Msg.class).record("it.mesh.orphan.Params", Params.class);
  }

  private final ProcMeshRef on;
  private @Nullable ActorMesh<MeshItActor.Msg> child;

  public OrphanWrapperActor(Params params) {
    this.on = params.on();
  }

  @Override
  public void init(Instance<Msg> self) throws Exception {
    child =
        on.spawn(self, "orphan_child", MeshItActor.KEY, MeshItActor.Params.NORMAL)
            .get(120, TimeUnit.SECONDS);
  }

  @Override
  public void handle(Context<Msg> cx, Msg message) {
    switch (message) {
      case GetChild g -> g.reply().send(cx, child.id());
      case GetPid p -> p.reply().send(cx, ProcessHandle.current().pid());
    }
  }
}
