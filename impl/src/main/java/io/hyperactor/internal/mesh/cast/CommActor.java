package io.hyperactor.internal.mesh.cast;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.CastSupport;
import io.hyperactor.internal.mailbox.PeerHeader;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.Point;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.routing.RoutingDecision;
import io.hyperactor.mesh.routing.RoutingFrame;
import io.hyperactor.resource.Rank;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The comm actor: one per proc of a root proc mesh (named {@value #NAME}), a system actor that
 * routes casts down the comm tree, delivers them to the mesh's actor on its own proc, and splits
 * their reply ports so replies come back up the tree reduced.
 *
 * <p>A {@link CastMessageV1} from a caster becomes a {@link ForwardMessageV1} with the root routing
 * frame of {@code *} over the cast region. For a forward, the comm actor resolves the frames at its
 * own rank ({@link RoutingDecision}), splits the message's reply ports once for this hop ({@link
 * ReplySplitter}), delivers it here if its rank is selected (every {@link Rank} set to the
 * destination's view rank, with the caster's pre-assigned sequence number), and forwards the rest
 * of the frames to the peers they name. A peer that would only deliver (a leaf of the tree) gets no
 * forward: this comm actor delivers to the mesh's actor on the peer's proc itself, saving a hop. Comm actors number nothing themselves: the destination's
 * reorder buffer orders each caster's casts and direct sends by the caster's numbers.
 *
 * <p>Everything that arrives before its {@link CommMeshConfig} is buffered and replayed in order
 * when the config arrives.
 *
 * <p>What cannot be delivered goes back to the caster, never to the comm actor's own supervisor: a
 * forward a peer did not take comes back as one {@link DeliveryError.Kind#MULTICAST} return per
 * destination below that peer, and a delivery the destination did not take as one return. Each
 * return carries the destination's envelope as the caster would have sent it (the caster as
 * sender, its sequence number), so the caster's sequence restarts for exactly those destinations.
 */
final class CommActor implements Actor<CommMessage> {
  private static final Logger log = LoggerFactory.getLogger(CommActor.class);

  /** The name of the comm actor on every proc. */
  static final String NAME = "comm";

  private @Nullable CommMeshConfig config;
  private final List<Pending> pending = new ArrayList<>();

  /** A forward that arrived before the config, with the identity it arrived with. */
  private record Pending(ForwardMessageV1 forward, @Nullable String peer) {}

  @Override
  public void init(Instance<CommMessage> self) {
    self.setSystem();
  }

  @Override
  public Class<?> messageType() {
    return CommMessage.class;
  }

  @Override
  public void handle(Context<CommMessage> cx, CommMessage message) {
    switch (message) {
      case CommMeshConfig c -> configure(cx, c);
      case CastMessageV1 cast -> forward(cx, rootForward(cast), cx.headers().get(PeerHeader.NAME));
      case ForwardMessageV1 f -> forward(cx, f, cx.headers().get(PeerHeader.NAME));
    }
  }

  /** The forward a cast starts as: the root frame of {@code *} over the cast region. */
  static ForwardMessageV1 rootForward(CastMessageV1 cast) {
    RoutingFrame root = RoutingFrame.root(Selection.all(), cast.destRegion().slice());
    return new ForwardMessageV1(ImmutableList.of(FrameWire.of(root)), cast);
  }

  private void configure(Context<CommMessage> cx, CommMeshConfig c) {
    if (config != null) {
      log.info("{}: comm mesh config replaced: rank {} -> {}", cx.selfId(), config.rank(), c.rank());
    }
    config = c;
    if (!pending.isEmpty()) {
      log.debug("{}: replaying {} casts that arrived before the config", cx.selfId(), pending.size());
      List<Pending> replay = new ArrayList<>(pending);
      pending.clear();
      for (Pending p : replay) {
        forward(cx, p.forward(), p.peer());
      }
    }
  }

  /**
   * Routes a cast on. {@code sender} is the sender identity its envelope carried ({@link PeerHeader}):
   * the delivery and the forwards carry it on, so that the destination authorizes the caster, not
   * this comm actor.
   */
  private void forward(Context<CommMessage> cx, ForwardMessageV1 f, @Nullable String sender) {
    CommMeshConfig c = config;
    if (c == null) {
      pending.add(new Pending(f, sender));
      return;
    }
    CastMessageV1 cast = f.message();
    List<RoutingFrame> frames;
    RoutingDecision decision;
    try {
      frames = frames(f);
      decision = RoutingDecision.resolve(c.rank(), frames);
    } catch (RuntimeException e) {
      log.error("{}: cannot route a cast from {}: {}", cx.selfId(), cast.sender(), e.toString());
      returnToCaster(cx, c, cast, List.of(), "cannot route the cast message: " + e.getMessage());
      return;
    }
    int destinations = decision.forwards().size() + (decision.deliverHere() ? 1 : 0);
    Point point = null;
    CastMessageV1 bound;
    try {
      point = decision.deliverHere() ? cast.destRegion().pointOfBaseRank(c.rank()) : null;
      Object data =
          MessageBinder.bind(
              cast.data(),
              point == null ? null : Rank.of(point.rank()),
              new ReplySplitter(cx, destinations));
      bound = cast.withData(data);
    } catch (RuntimeException e) {
      log.error("{}: cannot bind a cast from {}: {}", cx.selfId(), cast.sender(), e.toString());
      returnToCaster(cx, c, cast, frames, "cannot bind the cast message: " + e.getMessage());
      return;
    }
    // Formatted once for the turn's deliveries (its own and its leaf peers').
    CastDeliveryHeaders deliveryHeaders =
        CastDeliveryHeaders.of(cast.headers(), cast.sender(), sender);
    if (point != null) {
      deliver(cx, bound, cx.selfId().procId(), point, deliveryHeaders);
    }
    ImmutableMap<String, String> headers = CastHeaders.forForward(cast.headers(), sender);
    for (Map.Entry<Integer, List<RoutingFrame>> next : decision.forwards().entrySet()) {
      int peerRank = next.getKey();
      ActorId peer;
      try {
        peer = c.peer(peerRank).actorId();
      } catch (IllegalArgumentException e) {
        log.error("{}: {}", cx.selfId(), e.getMessage());
        returnToCaster(cx, c, bound, next.getValue(), e.getMessage());
        continue;
      }
      if (deliversOnly(next.getValue())) {
        deliverForPeer(cx, c, bound, peer, peerRank, next.getValue(), deliveryHeaders);
        continue;
      }
      CastSupport.post(
          cx,
          peer.portId(PortId.HANDLER_INDEX),
          headers,
          new ForwardMessageV1(FrameWire.of(next.getValue()), bound));
    }
  }

  /**
   * Whether the peer that {@code frames} go to would only deliver, forwarding nothing: then this
   * comm actor delivers in its place, straight to the peer proc's actor, which saves the peer comm
   * actor a message to decode, route and re-post (most of a tree's destinations are such leaves).
   */
  private static boolean deliversOnly(List<RoutingFrame> frames) {
    for (RoutingFrame frame : frames) {
      if (!frame.deliverHere()) {
        return false;
      }
    }
    return !frames.isEmpty();
  }

  /**
   * Delivers {@code bound} (its ports already split for this hop) to the mesh's actor on the proc of
   * leaf {@code peer}, as the peer comm actor would have: bound to the destination's view rank, with
   * the caster's sequence number for it. A delivery that does not arrive comes back to this comm
   * actor, which returns it to the caster like one of its own.
   */
  private static void deliverForPeer(
      Context<CommMessage> cx,
      CommMeshConfig c,
      CastMessageV1 bound,
      ActorId peer,
      int peerRank,
      List<RoutingFrame> frames,
      CastDeliveryHeaders deliveryHeaders) {
    Point point;
    CastMessageV1 leaf;
    try {
      point = bound.destRegion().pointOfBaseRank(peerRank);
      leaf = bound.withData(MessageBinder.bindRank(bound.data(), point.rank()));
    } catch (RuntimeException e) {
      log.error("{}: cannot bind a cast from {}: {}", cx.selfId(), bound.sender(), e.toString());
      returnToCaster(cx, c, bound, frames, "cannot bind the cast message: " + e.getMessage());
      return;
    }
    deliver(cx, leaf, peer.procId(), point, deliveryHeaders);
  }

  private static List<RoutingFrame> frames(ForwardMessageV1 f) {
    List<RoutingFrame> frames = new ArrayList<>(f.dests().size());
    for (FrameWire w : f.dests()) {
      frames.add(w.toFrame());
    }
    return frames;
  }

  /**
   * Posts the cast to the mesh's actor on {@code proc} (this comm actor's, or a leaf peer's), as the
   * destination of view rank {@code point}.
   */
  private static void deliver(
      Instance<CommMessage> cx,
      CastMessageV1 cast,
      ProcId proc,
      Point point,
      CastDeliveryHeaders deliveryHeaders) {
    SeqInfo.Session seq = cast.seqInfo(point.rank());
    ActorId dest = proc.actorId(cast.destActor());
    cx.proc()
        .post(
            new MessageEnvelope(
                cx.selfId(),
                dest.portId(PortId.HANDLER_INDEX),
                deliveryHeaders.forDelivery(point, seq),
                cast.data(),
                seq,
                CastSupport.defaultTtl(cx.proc()),
                true));
  }

  // ------------------------------------------------------------------ undeliverables

  /**
   * Sends what came back to the comm actor on to the caster: a forward that a peer did not take, as
   * one return per destination below the peer; a delivery, as one return. Never fails the comm
   * actor, which serves every mesh on its proc.
   */
  @Override
  public void handleUndeliverable(Instance<CommMessage> self, Undeliverable undeliverable) {
    MessageEnvelope envelope = undeliverable.envelope();
    CommMeshConfig c = config;
    if (envelope.payload() instanceof ForwardMessageV1 f && c != null) {
      List<RoutingFrame> frames;
      try {
        frames = frames(f);
      } catch (RuntimeException e) {
        log.error("{}: a returned forward has malformed frames: {}", self.selfId(), e.toString());
        return;
      }
      returnToCaster(
          self,
          c,
          f.message(),
          frames,
          "comm actor "
              + self.selfId()
              + " failed to forward the cast message to comm actor "
              + envelope.dest().actorId()
              + " ("
              + undeliverable.error()
              + ")");
      return;
    }
    String caster = envelope.headers().get(CastInfo.ORIGINATING_SENDER_HEADER);
    if (caster != null && envelope.sender().equals(self.selfId())) {
      ActorId origin;
      try {
        origin = ActorId.parse(caster);
      } catch (IllegalArgumentException e) {
        log.error("{}: a returned cast names a malformed caster: {}", self.selfId(), e.getMessage());
        return;
      }
      MessageEnvelope asSent =
          new MessageEnvelope(
              origin,
              envelope.dest(),
              envelope.headers(),
              envelope.payload(),
              envelope.seqInfo(),
              envelope.ttl(),
              true);
      sendBack(
          self,
          origin,
          new Undeliverable(
              asSent,
              new DeliveryError(
                  DeliveryError.Kind.MULTICAST,
                  "comm actor "
                      + self.selfId()
                      + " failed to deliver the cast message to the dest actor "
                      + envelope.dest().actorId()
                      + " ("
                      + undeliverable.error()
                      + "); returning to origin "
                      + origin)));
      return;
    }
    log.warn(
        "{}: dropping a returned {} to {}: {}",
        self.selfId(),
        envelope.payload().getClass().getName(),
        envelope.dest(),
        undeliverable.error());
  }

  /**
   * Returns {@code cast} to its caster for every destination that {@code frames} would have reached
   * (all of the cast region when {@code frames} is empty): one {@link DeliveryError.Kind#MULTICAST}
   * return each, carrying the envelope the destination would have been delivered.
   */
  private static void returnToCaster(
      Instance<CommMessage> self,
      CommMeshConfig c,
      CastMessageV1 cast,
      List<RoutingFrame> frames,
      String reason) {
    Region region = cast.destRegion();
    Set<Integer> baseRanks = new LinkedHashSet<>();
    if (frames.isEmpty()) {
      region.slice().forEach(baseRanks::add);
    } else {
      for (RoutingFrame frame : frames) {
        collectDeliveries(frame, baseRanks);
      }
    }
    int ttl = CastSupport.defaultTtl(self.proc());
    CastDeliveryHeaders deliveryHeaders = CastDeliveryHeaders.of(cast.headers(), cast.sender());
    for (int base : baseRanks) {
      Point point;
      ActorId dest;
      try {
        point = region.pointOfBaseRank(base);
        dest = c.peer(base).actorId().procId().actorId(cast.destActor());
      } catch (IllegalArgumentException e) {
        log.error("{}: cannot return the cast for rank {}: {}", self.selfId(), base, e.getMessage());
        continue;
      }
      SeqInfo.Session seq = cast.seqInfo(point.rank());
      Object data;
      try {
        data = MessageBinder.bindRank(cast.data(), point.rank());
      } catch (RuntimeException e) {
        data = cast.data();
      }
      MessageEnvelope asSent =
          new MessageEnvelope(
              cast.sender(),
              dest.portId(PortId.HANDLER_INDEX),
              deliveryHeaders.forDelivery(point, seq),
              data,
              seq,
              ttl,
              true);
      sendBack(
          self,
          cast.sender(),
          new Undeliverable(
              asSent,
              new DeliveryError(
                  DeliveryError.Kind.MULTICAST,
                  reason + "; returning to origin " + cast.sender())));
    }
  }

  private static void collectDeliveries(RoutingFrame frame, Set<Integer> out) {
    if (frame.deliverHere()) {
      out.add(frame.location());
      return;
    }
    for (RoutingFrame next : frame.nextSteps()) {
      collectDeliveries(next, out);
    }
  }

  private static void sendBack(Instance<CommMessage> self, ActorId caster, Undeliverable returned) {
    log.debug("{}: returning a cast to {}: {}", self.selfId(), caster, returned.error());
    self.proc()
        .post(
            new MessageEnvelope(
                self.selfId(),
                caster.portId(PortId.UNDELIVERABLE_INDEX),
                ImmutableMap.of(),
                returned,
                SeqInfo.DIRECT,
                Undeliverable.RETURN_TTL,
                false));
  }

  @Override
  public String displayName() {
    return "CommActor";
  }
}
