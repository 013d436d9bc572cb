package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ActorLocal;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.CastSupport;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.EvalOpts;
import io.hyperactor.mesh.Point;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.Slice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caster's side of a cast: picks the path and sends.
 *
 * <ul>
 *   <li><b>Tree</b> (a cast of {@code *}, with {@code enable_native_v1_casting} on): one sequence
 *       number per destination is taken from the caster's own sequence, exactly as a direct send
 *       would take it, and one {@link CastMessageV1} goes to the root comm actor, which routes it
 *       down the comm tree. Reply ports are split at every hop.
 *   <li><b>Point to point</b> (the tree's conditions, and fewer ranks than {@code
 *       v1_cast_point_to_point_threshold}): the reply ports are split once, here, and the message
 *       is posted to every destination directly, each bound to its rank.
 *   <li><b>Fallback</b> (any other selection, or {@code enable_native_v1_casting} off): the
 *       selection is evaluated on the region, and the message is posted to every selected
 *       destination directly, bound to its rank; reply ports are not split.
 * </ul>
 *
 * <p>On every path each destination gets the caster's next sequence number for it, so casts and
 * direct sends from one caster reach each destination in the order they were made, across meshes
 * and views. What cannot be delivered comes back to the caster as one return per destination.
 */
final class CastPaths {
  private static final Logger log = LoggerFactory.getLogger(CastPaths.class);

  /** The paths a cast can take. */
  enum Path {
    TREE,
    POINT_TO_POINT,
    FALLBACK
  }

  /**
   * Per caster: the procs of every mesh it cast to through the tree, by actor name, so that a cast
   * that comes back from the root comm actor can be returned per destination.
   */
  private static final ActorLocal<TreeReturns> TREE_RETURNS =
      ActorLocal.withInitial(TreeReturns::new);

  private CastPaths() {}

  /**
   * The path a cast of {@code selection} to {@code target} takes under {@code config}.
   *
   * @throws IllegalStateException when native casting is on but the destination reorder buffer is
   *     off: tree casts depend on it for their order
   */
  static Path path(HyperactorConfig config, CastTarget target, Selection selection) {
    if (!config.get(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING)) {
      return Path.FALLBACK;
    }
    if (!config.get(HyperactorAttrs.ENABLE_DEST_ACTOR_REORDERING_BUFFER)) {
      throw new IllegalStateException(
          "enable_native_v1_casting needs enable_dest_actor_reordering_buffer: casts are ordered by"
              + " the destination's reorder buffer; turn it on, or turn native casting off");
    }
    if (!selection.isEquivalentToTrue()) {
      return Path.FALLBACK;
    }
    if (target.rootComm() == null) {
      return Path.POINT_TO_POINT;
    }
    long threshold = config.get(HyperactorAttrs.V1_CAST_POINT_TO_POINT_THRESHOLD);
    return threshold > 0 && target.region().numRanks() < threshold
        ? Path.POINT_TO_POINT
        : Path.TREE;
  }

  /**
   * Casts {@code message} from {@code cx} to the actors {@code selection} picks in {@code target},
   * with {@code headers}.
   *
   * @throws IllegalArgumentException when the selection does not fit the target's region (too many
   *     dimensions), before anything is sent
   * @throws IllegalStateException when the configuration forbids the cast (see {@link #path})
   */
  static void cast(
      Instance<?> cx,
      CastTarget target,
      Selection selection,
      Object message,
      ImmutableMap<String, String> headers) {
    checkNotNull(cx, "cx");
    checkNotNull(target, "target");
    checkNotNull(selection, "selection");
    checkNotNull(message, "message");
    checkNotNull(headers, "headers");
    ImmutableMap<String, String> castHeaders = castHeaders(target, headers);
    switch (path(CastSupport.config(cx.proc()), target, selection)) {
      case TREE -> tree(cx, target, message, castHeaders);
      case POINT_TO_POINT -> pointToPoint(cx, target, message, castHeaders);
      case FALLBACK -> fallback(cx, target, selection, message, castHeaders);
    }
  }

  /** {@code headers} with the target's actor mesh id added. */
  static ImmutableMap<String, String> castHeaders(
      CastTarget target, ImmutableMap<String, String> headers) {
    return ImmutableMap.<String, String>builder()
        .putAll(headers)
        .put(CastInfo.ACTOR_MESH_ID_HEADER, target.actorMeshId())
        .buildKeepingLast();
  }

  private static void tree(
      Instance<?> cx, CastTarget target, Object message, ImmutableMap<String, String> headers) {
    Region region = target.region();
    ActorId rootComm = checkNotNull(target.rootComm(), "rootComm");
    int n = region.numRanks();
    ImmutableList.Builder<Long> seqs = ImmutableList.builderWithExpectedSize(n);
    Map<Integer, Long> epochs = null;
    for (int rank = 0; rank < n; rank++) {
      SeqInfo.Session seq = session(CastSupport.assignSeq(cx, target.actorPort(rank)));
      seqs.add(seq.seq());
      if (seq.epoch() != 0) {
        if (epochs == null) {
          epochs = new HashMap<>();
        }
        epochs.put(rank, seq.epoch());
      }
    }
    CastMessageV1 cast =
        new CastMessageV1(
            headers,
            cx.selfId(),
            cx.instanceId(),
            seqs.build(),
            epochs == null ? ImmutableMap.of() : ImmutableMap.copyOf(epochs),
            region,
            target.actorName(),
            message);
    PortId translator = TREE_RETURNS.get(cx).translatorFor(cx, target);
    CastSupport.post(
        cx,
        rootComm.portId(PortId.HANDLER_INDEX),
        ImmutableMap.of(
            CastInfo.ACTOR_MESH_ID_HEADER,
            target.actorMeshId(),
            CastSupport.RETURN_TRANSLATOR_HEADER,
            Long.toString(translator.index())),
        cast);
  }

  static void pointToPoint(
      Instance<?> cx, CastTarget target, Object message, ImmutableMap<String, String> headers) {
    Region region = target.region();
    int n = region.numRanks();
    Object split = MessageBinder.bind(message, null, new ReplySplitter(cx, n));
    for (int rank = 0; rank < n; rank++) {
      post(cx, target, rank, split, headers);
    }
  }

  private static void fallback(
      Instance<?> cx,
      CastTarget target,
      Selection selection,
      Object message,
      ImmutableMap<String, String> headers) {
    Slice slice = target.region().slice();
    int[] locations = selection.eval(EvalOpts.lenient(), slice).toArray();
    for (int location : locations) {
      post(cx, target, slice.index(location), message, headers);
    }
  }

  /** Posts {@code message}, bound to view rank {@code rank}, straight to that destination. */
  static void post(
      Instance<?> cx,
      CastTarget target,
      int rank,
      Object message,
      ImmutableMap<String, String> headers) {
    Region region = target.region();
    Point point = region.extent().pointOfRank(rank);
    PortId dest = target.actorPort(rank);
    Object bound = MessageBinder.bindRank(message, rank);
    SeqInfo seq = CastSupport.assignSeq(cx, dest);
    cx.proc()
        .post(
            new MessageEnvelope(
                cx.selfId(),
                dest,
                CastHeaders.forDelivery(headers, point, cx.selfId(), seq),
                bound,
                seq,
                CastSupport.defaultTtl(cx.proc()),
                true));
  }

  private static SeqInfo.Session session(SeqInfo seq) {
    if (seq instanceof SeqInfo.Session s) {
      return s;
    }
    throw new IllegalStateException("a cast destination was not numbered: " + seq);
  }

  /**
   * One caster's translator of tree casts that come back from the root comm actor (its proc is
   * gone, say): each comes back as one return per destination, as if every destination had
   * refused it, so the caster's sequence restarts for each and the caster sees what each would
   * have been sent.
   */
  private static final class TreeReturns {
    /** A view cast to: its actors' name and region. */
    private record View(String actorName, Region region) {}

    private final Map<View, ImmutableList<ProcId>> procs = new ConcurrentHashMap<>();
    private volatile @Nullable PortId port;

    PortId translatorFor(Instance<?> cx, CastTarget target) {
      procs.putIfAbsent(new View(target.actorName(), target.region()), target.procs());
      PortId p = port;
      if (p == null) {
        synchronized (this) {
          p = port;
          if (p == null) {
            p = CastSupport.bindReturnTranslator(cx, this::translate);
            port = p;
          }
        }
      }
      return p;
    }

    private List<Undeliverable> translate(Undeliverable returned) {
      MessageEnvelope envelope = returned.envelope();
      if (!(envelope.payload() instanceof CastMessageV1 cast)) {
        return List.of(withoutTranslator(returned));
      }
      Region region = cast.destRegion();
      ImmutableList<ProcId> viewProcs = procs.get(new View(cast.destActor(), region));
      if (viewProcs == null) {
        log.warn("{}: a cast to unknown actors {} came back", cast.sender(), cast.destActor());
        return List.of(withoutTranslator(returned));
      }
      List<Undeliverable> out = new ArrayList<>(region.numRanks());
      for (int rank = 0; rank < region.numRanks(); rank++) {
        ActorId dest = viewProcs.get(rank).actorId(cast.destActor());
        SeqInfo.Session seq = cast.seqInfo(rank);
        Object data;
        try {
          data = MessageBinder.bindRank(cast.data(), rank);
        } catch (RuntimeException e) {
          data = cast.data();
        }
        out.add(
            new Undeliverable(
                new MessageEnvelope(
                    cast.sender(),
                    dest.portId(PortId.HANDLER_INDEX),
                    CastHeaders.forDelivery(
                        cast.headers(), region.extent().pointOfRank(rank), cast.sender(), seq),
                    data,
                    seq,
                    envelope.ttl(),
                    true),
                new DeliveryError(
                    DeliveryError.Kind.MULTICAST,
                    "the root comm actor "
                        + envelope.dest().actorId()
                        + " did not take the cast message ("
                        + returned.error()
                        + "); returning to origin "
                        + cast.sender())));
      }
      return out;
    }

    private static Undeliverable withoutTranslator(Undeliverable returned) {
      MessageEnvelope e = returned.envelope();
      Map<String, String> headers = new HashMap<>(e.headers());
      headers.remove(CastSupport.RETURN_TRANSLATOR_HEADER);
      return new Undeliverable(
          new MessageEnvelope(
              e.sender(),
              e.dest(),
              ImmutableMap.copyOf(headers),
              e.payload(),
              e.seqInfo(),
              e.ttl(),
              e.returnUndeliverable()),
          returned.error());
    }
  }
}
