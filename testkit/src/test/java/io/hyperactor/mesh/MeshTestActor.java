package io.hyperactor.mesh;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.SpawnKey;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import java.time.Duration;

/** The actor the mesh tests spawn: it answers with its own id, sleeps, fails or exits on request. */
final class MeshTestActor implements Actor<MeshTestActor.Msg> {
  /** The spawnable type of the tests. */
  static final SpawnKey<Msg, Params> KEY = SpawnKey.of("test.mesh_actor", Msg.class, Params.class);

  /** What the actor does. */
  sealed interface Msg {}

  /** Replies with the actor's id. */
  record WhoAmI(OncePortRef<String> reply) implements Msg {}

  /** Replies with {@code value}. */
  record Echo(long value, OncePortRef<Long> reply) implements Msg {}

  /** Sends {@code text} and the actor's id to {@code to}. */
  record Tell(String text, PortRef<String> to) implements Msg {}

  /** Blocks the handler for {@code duration}. */
  record Sleep(Duration duration) implements Msg {}

  /** Fails the actor with {@code message}. */
  record Fail(String message) implements Msg {}

  /** Ends the process with {@code code} (only in a proc of its own). */
  record Exit(int code) implements Msg {}

  /**
   * How the actor is built.
   *
   * @param failToInit a message to fail {@code init} with, or empty to start normally
   */
  record Params(String failToInit) {
    static final Params NORMAL = new Params("");
  }

  /** Registers the actor's messages. */
  static void codecs(CodecRegistrar codecs) {
    codecs.sealed("test.MeshTestActor.Msg", Msg.class).record("test.MeshTestActor.Params", Params.class);
  }

  private final Params params;

  MeshTestActor(Params params) {
    this.params = params;
  }

  @Override
  public void init(Instance<Msg> self) {
    if (!params.failToInit().isEmpty()) {
      throw new IllegalStateException(params.failToInit());
    }
  }

  @Override
  public void handle(Context<Msg> cx, Msg message) throws Exception {
    switch (message) {
      case WhoAmI w -> w.reply().send(cx, cx.selfId().toString());
      case Echo e -> e.reply().send(cx, e.value());
      case Tell t -> t.to().send(cx, t.text() + " from " + cx.selfId());
      case Sleep s -> Thread.sleep(s.duration());
      case Fail f -> throw new IllegalStateException(f.message());
      case Exit x -> Runtime.getRuntime().halt(x.code());
    }
  }
}
