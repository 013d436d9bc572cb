package io.hyperactor.internal.mesh.cast;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.mailbox.PeerHeader;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.Point;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The delivery headers of one cast, with what every delivery shares formatted once.
 *
 * <p>A comm actor delivers one cast to several actors in a turn (its own and its leaf peers'), and
 * every delivery carries the caster's id, the hash of that id and the caster's session id as text.
 * Formatting those per delivery was a visible share of a comm actor's turn; an instance formats
 * them once, and {@link #forDelivery} adds only what differs per destination: the point and the
 * sequence number. Not thread-safe: an instance lives within one actor turn.
 *
 * <pre>{@code
 * CastDeliveryHeaders common = CastDeliveryHeaders.of(cast.headers(), cast.sender(), peer);
 * for (...) post(..., common.forDelivery(point, cast.seqInfo(point.rank())), ...);
 * }</pre>
 */
final class CastDeliveryHeaders {
  private final Map<String, String> base;
  private final String caster;
  private final String casterHash;
  private @Nullable UUID sessionId;
  private @Nullable String sessionText;

  private CastDeliveryHeaders(Map<String, String> base, String caster, String casterHash) {
    this.base = base;
    this.caster = caster;
    this.casterHash = casterHash;
  }

  /** The shared part of the headers of {@code caster}'s cast with {@code headers}. */
  static CastDeliveryHeaders of(Map<String, String> headers, ActorId caster) {
    return of(headers, caster, null);
  }

  /**
   * The shared part of the headers of {@code caster}'s cast with {@code headers}, with {@code
   * peer} (the identity the comm actor's proc established for the cast, {@link PeerHeader}) when
   * not null. The cast's own headers are the caster's words: a {@link PeerHeader} among them is
   * dropped.
   */
  static CastDeliveryHeaders of(
      Map<String, String> headers, ActorId caster, @Nullable String peer) {
    String text = caster.toString();
    return new CastDeliveryHeaders(
        PeerHeader.replace(headers, peer), text, Long.toUnsignedString(CastHeaders.hash(text)));
  }

  /**
   * The headers of the delivery to {@code point} numbered {@code seq}: the cast's headers plus the
   * destination's point, the caster, a hash of the caster's id, and the sequence number.
   */
  ImmutableMap<String, String> forDelivery(Point point, SeqInfo seq) {
    ImmutableMap.Builder<String, String> out =
        ImmutableMap.<String, String>builderWithExpectedSize(base.size() + 4)
            .putAll(base)
            .put(CastInfo.POINT_HEADER, point.toString())
            .put(CastInfo.ORIGINATING_SENDER_HEADER, caster)
            .put(CastInfo.SENDER_ACTOR_ID_HASH_HEADER, casterHash);
    if (seq instanceof SeqInfo.Session session) {
      out.put(CastInfo.SEQ_INFO_HEADER, seqText(session));
    }
    return out.buildKeepingLast();
  }

  /** {@link CastInfo#formatSeqInfo}, with the session id's text kept for the next delivery. */
  private String seqText(SeqInfo.Session seq) {
    if (!seq.sessionId().equals(sessionId)) {
      sessionId = seq.sessionId();
      sessionText = seq.sessionId().toString();
    }
    String text = sessionText + ":" + seq.seq();
    return seq.epoch() == 0 ? text : text + ":" + seq.epoch();
  }
}
