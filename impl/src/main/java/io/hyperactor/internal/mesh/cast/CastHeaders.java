package io.hyperactor.internal.mesh.cast;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.mailbox.PeerHeader;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.Point;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The headers a cast message is delivered with (see {@link CastInfo}). */
final class CastHeaders {
  private CastHeaders() {}

  /**
   * {@code headers} plus the cast information of one delivery: the destination's point, the
   * caster, a hash of the caster's id, and the delivery's sequence number.
   */
  static ImmutableMap<String, String> forDelivery(
      Map<String, String> headers, Point point, ActorId caster, SeqInfo seq) {
    return forDelivery(headers, point, caster, seq, null);
  }

  /**
   * The headers of a cast's delivery, with {@code peer} (the identity the comm actor's proc
   * established for the cast, {@link PeerHeader}) when not null. The cast's own headers are the
   * caster's words: a {@link PeerHeader} among them is dropped.
   */
  static ImmutableMap<String, String> forDelivery(
      Map<String, String> headers,
      Point point,
      ActorId caster,
      SeqInfo seq,
      @Nullable String peer) {
    return CastDeliveryHeaders.of(headers, caster, peer).forDelivery(point, seq);
  }

  /** The headers a comm actor's forward carries: only the cast's actor mesh id, if it has one. */
  static ImmutableMap<String, String> forForward(Map<String, String> castHeaders) {
    String meshId = castHeaders.get(CastInfo.ACTOR_MESH_ID_HEADER);
    return meshId == null ? ImmutableMap.of() : ImmutableMap.of(CastInfo.ACTOR_MESH_ID_HEADER, meshId);
  }

  /**
   * The headers of a comm actor's forward, carrying on {@code peer}, the identity its proc
   * established for the cast ({@link PeerHeader}), when not null; the next proc keeps it only when
   * this proc's certificate is itself allowed.
   */
  static ImmutableMap<String, String> forForward(
      Map<String, String> castHeaders, @Nullable String peer) {
    return PeerHeader.replace(forForward(castHeaders), peer);
  }

  /** A stable 64-bit hash of an actor id (FNV-1a of its text), the same in every JVM. */
  static long hash(ActorId id) {
    return hash(id.toString());
  }

  /** {@link #hash(ActorId)} of an actor id's text. */
  static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
