package io.hyperactor.internal.mesh.cast;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.id.ActorId;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.Point;
import io.hyperactor.mesh.Unsplit;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;

/**
 * The actor of the casting tests (upstream {@code comm::test_utils::TestActor} and {@code
 * testactor::TestActor}): forwards what it receives to the test, and answers the cast-info
 * queries.
 */
final class CastTestActor implements Actor<CastTestActor.Msg> {
  sealed interface Msg
      permits Forward,
          CastAndReply,
          CastAndReplyOnce,
          CastWithUnsplitPort,
          GetCastInfo,
          GetRank,
          Numbered,
          Report {}

  record Forward(String text) implements Msg {}

  record MyReply(ActorId sender, long value) {}

  /** {@code replyTo0} is left alone, as upstream's unannotated port; the others are split. */
  record CastAndReply(
      String arg,
      @Unsplit PortRef<String> replyTo0,
      PortRef<Long> replyTo1,
      PortRef<MyReply> replyTo2)
      implements Msg {}

  record CastAndReplyOnce(String arg, OncePortRef<Long> replyTo) implements Msg {}

  record CastWithUnsplitPort(@Unsplit PortRef<Long> replyTo) implements Msg {}

  /** Answers with the destination's cast point, its own id and the caster. */
  record GetCastInfo(PortRef<CastInfoReply> castInfo) implements Msg {}

  /** The cast point, the actor, the caster, and the sequence number header. */
  record CastInfoReply(String point, ActorId actor, ActorId sender, String seqInfo) {}

  /** Answers with the rank the cast bound, and the rank of its point. */
  record GetRank(Rank rank, OncePortRef<Long> reply) implements Msg {}

  /** One of many numbered casts; the actor checks their order. */
  record Numbered(long n) implements Msg {}

  /** Asks how many numbered casts arrived: the count, or -1 if any arrived out of order. */
  record Report(OncePortRef<Long> reply) implements Msg {}

  private final PortRef<Msg> forward;
  private long lastNumbered;
  private long received;
  private long outOfOrder;

  CastTestActor(PortRef<Msg> forward) {
    this.forward = forward;
  }

  @Override
  public Class<?> messageType() {
    return Msg.class;
  }

  @Override
  public void handle(Context<Msg> cx, Msg message) {
    switch (message) {
      case CastWithUnsplitPort u -> {
        u.replyTo().send(cx, 42L);
        forward.send(cx, message);
      }
      case GetCastInfo g -> {
        CastInfo info = CastInfo.of(cx).orElseThrow();
        Point p = info.point();
        g.castInfo()
            .send(
                cx,
                new CastInfoReply(
                    p.toString(),
                    cx.selfId(),
                    info.sender(),
                    cx.headers().getOrDefault(CastInfo.SEQ_INFO_HEADER, "")));
      }
      case GetRank g -> g.reply().send(cx, g.rank().unwrap());
      case Numbered num -> {
        received++;
        if (num.n() != lastNumbered + 1) {
          outOfOrder++;
        }
        lastNumbered = num.n();
      }
      case Report r -> r.reply().send(cx, outOfOrder == 0 ? received : -1);
      default -> forward.send(cx, message);
    }
  }
}
