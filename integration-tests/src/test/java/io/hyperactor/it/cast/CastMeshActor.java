package io.hyperactor.it.cast;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.id.ActorId;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;

/**
 * The actor of the casting integration tests (upstream {@code testactor::TestActor}): says where a
 * cast found it, binds ranks, reports its JVM's process id, and checks that numbered casts arrive
 * once each and in order.
 */
public final class CastMeshActor implements Actor<CastMeshActor.Msg> {
  /** The spawnable type. */
  public static final SpawnKey<Msg, Params> KEY =
      SpawnKey.of("it.cast.CastMeshActor", Msg.class, Params.class);

  /** What the actor handles. */
  public sealed interface Msg {}

  /** Replies with the destination's cast point, its id, the caster and the sequence header. */
  public record GetCastInfo(PortRef<CastInfoReply> castInfo) implements Msg {}

  /** Where a cast found an actor. */
  public record CastInfoReply(String point, ActorId actor, ActorId sender, String seqInfo) {}

  /** Replies with the rank the cast bound. */
  public record GetRank(Rank rank, OncePortRef<Long> reply) implements Msg {}

  /** Replies with the process id of the actor's JVM. */
  public record GetPid(OncePortRef<Long> reply) implements Msg {}

  /** The {@code n}th of a run of casts, numbered from 1; {@code sum} gets {@code n} back. */
  public record Numbered(long n, PortRef<Long> sum) implements Msg {}

  /**
   * Replies 1 if exactly {@code expected} numbered casts arrived, each once and in order; else 0.
   */
  public record Report(long expected, OncePortRef<Long> reply) implements Msg {}

  /** The spawn parameters. */
  public record Params(String label) {}

  /** Asks a forked host JVM for its host's address. */
  public record HostAddress(OncePortRef<ChannelAddr> reply) {}

  /** Registers the messages with an actor system's codecs. */
  public static void codecs(CodecRegistrar c) {
    c.sealed("it.cast.Msg", Msg.class)
        .record("it.cast.CastInfoReply", CastInfoReply.class)
        .record("it.cast.Params", Params.class)
        .record("it.cast.HostAddress", HostAddress.class);
  }

  private long last;
  private long received;
  private long outOfOrder;

  public CastMeshActor(Params params) {}

  @Override
  public void handle(Context<Msg> cx, Msg message) {
    switch (message) {
      case GetCastInfo g -> {
        CastInfo info = CastInfo.of(cx).orElseThrow();
        g.castInfo()
            .send(
                cx,
                new CastInfoReply(
                    info.point().toString(),
                    cx.selfId(),
                    info.sender(),
                    cx.headers().getOrDefault(CastInfo.SEQ_INFO_HEADER, "")));
      }
      case GetRank g -> g.reply().send(cx, g.rank().unwrap());
      case GetPid g -> g.reply().send(cx, ProcessHandle.current().pid());
      case Numbered num -> {
        received++;
        if (num.n() != last + 1) {
          outOfOrder++;
        }
        last = num.n();
        num.sum().send(cx, num.n());
      }
      case Report r -> r.reply().send(cx, outOfOrder == 0 && received == r.expected() ? 1L : 0L);
    }
  }
}
