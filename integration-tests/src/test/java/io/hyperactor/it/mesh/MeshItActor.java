package io.hyperactor.it.mesh;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.config.ConfigEntry;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The actor the mesh integration tests spawn: it answers with its id, reports a cast, sleeps,
 * fails, ends its process, reads or sets its proc's configuration, and records the casts it
 * receives. Its factory fails when its
 * parameters say so.
 */
public final class MeshItActor implements Actor<MeshItActor.Msg> {
  /** The spawnable type. */
  public static final SpawnKey<Msg, Params> KEY =
      SpawnKey.of("it.mesh.actor", Msg.class, Params.class);

  /** What the actor does. */
  public sealed interface Msg {}

  /** Replies with the actor's id. */
  public record WhoAmI(OncePortRef<String> reply) implements Msg {}

  /** Replies with the id of the process the actor runs in. */
  public record GetPid(OncePortRef<Long> reply) implements Msg {}

  /** Sends the actor's id and {@code rank} to {@code to}: which destination got a cast, once. */
  public record Report(Rank rank, PortRef<String> to) implements Msg {}

  /**
   * Records {@code seq} as received, then sends {@code rank:seq} to {@code to}: a cast whose
   * deliveries the actor counts.
   */
  public record Record(Rank rank, long seq, PortRef<String> to) implements Msg {}

  /** Replies with every {@code seq} {@link Record}ed so far, in arrival order, comma-separated. */
  public record Recorded(OncePortRef<String> reply) implements Msg {}

  /** Tells {@code started} it has started, then blocks the handler for {@code duration}. */
  public record Sleep(Duration duration, PortRef<String> started) implements Msg {}

  /** Fails the actor with {@code message}. */
  public record Fail(String message) implements Msg {}

  /** Ends the actor's process with {@code code}. */
  public record Exit(int code) implements Msg {}

  /** Replies with {@code value@layer} of the configuration key {@code name} in this process. */
  public record GetConfig(String name, OncePortRef<String> reply) implements Msg {}

  /** Sets {@code name} to {@code value} in this process's runtime layer, then replies. */
  public record SetConfig(String name, String value, OncePortRef<String> reply) implements Msg {}

  /**
   * How the actor is made.
   *
   * @param failToCreate a message its factory fails with, or empty to make it normally
   */
  public record Params(String failToCreate) {
    public static final Params NORMAL = new Params("");
  }

  /** Registers the actor's messages. */
  public static void codecs(CodecRegistrar codecs) {
    codecs.sealed("it.mesh.Msg", Msg.class).record("it.mesh.Params", Params.class);
  }

  private final List<Long> recorded = new ArrayList<>();

  public MeshItActor(Params params) {
    if (!params.failToCreate().isEmpty()) {
      throw new IllegalStateException(params.failToCreate());
    }
  }

  @Override
  public void handle(Context<Msg> cx, Msg message) throws Exception {
    switch (message) {
      case WhoAmI w -> w.reply().send(cx, cx.selfId().toString());
      case GetPid p -> p.reply().send(cx, ProcessHandle.current().pid());
      case Report r -> r.to().send(cx, cx.selfId() + "#" + r.rank());
      case Record r -> {
        recorded.add(r.seq());
        r.to().send(cx, r.rank().unwrap() + ":" + r.seq());
      }
      case Recorded r ->
          r.reply()
              .send(cx, String.join(",", recorded.stream().map(String::valueOf).toList()));
      case Sleep s -> {
        s.started().send(cx, cx.selfId().toString());
        Thread.sleep(s.duration());
      }
      case Fail f -> throw new IllegalStateException(f.message());
      case Exit x -> Runtime.getRuntime().halt(x.code());
      case GetConfig g -> g.reply().send(cx, configValue(g.name()));
      case SetConfig s -> {
        HyperactorConfig.global().set(Map.of(s.name(), s.value()));
        s.reply().send(cx, configValue(s.name()));
      }
    }
  }

  private static String configValue(String name) {
    for (ConfigEntry entry : HyperactorConfig.global().dump()) {
      if (entry.name().equals(name)) {
        return entry.value() + "@" + entry.layer();
      }
    }
    throw new IllegalArgumentException("no configuration key " + name);
  }
}
