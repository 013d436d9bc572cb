package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Context;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a handler knows about the cast that delivered its message: the destination's point in the
 * cast's region, the actor that cast it, and the sequence number the caster gave this destination.
 *
 * <p>The casting layer sets these as headers of the delivered message; {@link #of} reads them back.
 * A message that was sent directly rather than cast has none.
 *
 * <pre>{@code
 * public void handle(Context<WorkerMsg> cx, WorkerMsg msg) {
 *   CastInfo.of(cx).ifPresent(cast -> log.info("rank {} of {}, from {}",
 *       cast.point().rank(), cast.point().extent(), cast.sender()));
 * }
 * }</pre>
 *
 * @param point the destination's point: its view rank within the cast region, and the region's
 *     extent
 * @param sender the actor that cast the message
 * @param seqInfo the sequence number the caster assigned this destination, or {@link
 *     SeqInfo#DIRECT} when the delivery did not say
 */
public record CastInfo(Point point, ActorId sender, SeqInfo seqInfo) {
  /** The header carrying the destination's point ({@link Point#toString()}). */
  public static final String POINT_HEADER = "hyperactor.cast.point";

  /** The header carrying the caster's actor id. */
  public static final String ORIGINATING_SENDER_HEADER = "hyperactor.cast.originating_sender";

  /** The header carrying the id of the actor mesh a message was cast to. */
  public static final String ACTOR_MESH_ID_HEADER = "hyperactor.cast.actor_mesh_id";

  /** The header carrying a hash of the caster's id, for telemetry. */
  public static final String SENDER_ACTOR_ID_HASH_HEADER = "hyperactor.cast.sender_actor_id_hash";

  /**
   * The header carrying the sequence number of the delivery: {@code <session uuid>:<seq>}, or
   * {@code <session uuid>:<seq>:<epoch>} after the sender restarted the destination's sequence.
   */
  public static final String SEQ_INFO_HEADER = "hyperactor.cast.seq_info";

  public CastInfo {
    checkNotNull(point, "point");
    checkNotNull(sender, "sender");
    checkNotNull(seqInfo, "seqInfo");
  }

  /**
   * The cast information of the message {@code cx} is handling, or empty when it was not cast.
   *
   * @throws IllegalArgumentException when the headers are present but malformed, naming the header
   */
  public static Optional<CastInfo> of(Context<?> cx) {
    return fromHeaders(cx.headers());
  }

  /**
   * The cast information in {@code headers}, or empty when they carry none.
   *
   * @throws IllegalArgumentException when the headers are present but malformed, naming the header
   */
  public static Optional<CastInfo> fromHeaders(Map<String, String> headers) {
    String point = headers.get(POINT_HEADER);
    String sender = headers.get(ORIGINATING_SENDER_HEADER);
    if (point == null || sender == null) {
      return Optional.empty();
    }
    String seq = headers.get(SEQ_INFO_HEADER);
    try {
      return Optional.of(
          new CastInfo(
              Point.parse(point),
              ActorId.parse(sender),
              seq == null ? SeqInfo.DIRECT : parseSeqInfo(seq)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "malformed cast headers " + headers + ": " + e.getMessage(), e);
    }
  }

  /** The {@link #SEQ_INFO_HEADER} text of {@code seq}. */
  public static String formatSeqInfo(SeqInfo.Session seq) {
    checkNotNull(seq, "seq");
    String text = seq.sessionId() + ":" + seq.seq();
    return seq.epoch() == 0 ? text : text + ":" + seq.epoch();
  }

  /**
   * Parses the {@link #SEQ_INFO_HEADER} text.
   *
   * @throws IllegalArgumentException naming the text when it is malformed
   */
  public static SeqInfo.Session parseSeqInfo(String text) {
    checkNotNull(text, "text");
    String[] parts = text.split(":", -1);
    if (parts.length != 2 && parts.length != 3) {
      throw new IllegalArgumentException(
          "malformed " + SEQ_INFO_HEADER + " '" + text + "': expected <uuid>:<seq>[:<epoch>]");
    }
    try {
      return new SeqInfo.Session(
          UUID.fromString(parts[0]),
          Long.parseLong(parts[1]),
          parts.length == 3 ? Long.parseLong(parts[2]) : 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "malformed " + SEQ_INFO_HEADER + " '" + text + "': " + e.getMessage(), e);
    }
  }
}
