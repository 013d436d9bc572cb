package io.hyperactor.internal.mailbox;

import com.google.protobuf.ByteString;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import org.jspecify.annotations.Nullable;

/**
 * The UTF-8 text forms of the last sender and destination ids encoded and decoded. A link carries
 * the same few ids over and over, and formatting or parsing one (with its channel address), or
 * even converting its text between UTF-8 and a string, costs more than the rest of a small
 * envelope. Thread-safe: each slot holds an immutable pair, so a race only costs a miss.
 */
final class IdTexts {
  private record Pair<T>(T id, ByteString text) {}

  private @Nullable Pair<ActorId> formattedSender;
  private @Nullable Pair<PortId> formattedDest;
  private @Nullable Pair<ActorId> parsedSender;
  private @Nullable Pair<PortId> parsedDest;

  ByteString format(ActorId id) {
    Pair<ActorId> last = formattedSender;
    if (last != null && (last.id == id || last.id.equals(id))) {
      return last.text;
    }
    ByteString text = ByteString.copyFromUtf8(id.toString());
    formattedSender = new Pair<>(id, text);
    return text;
  }

  ByteString format(PortId id) {
    Pair<PortId> last = formattedDest;
    // A handle makes a new port id per send around the same actor id object, whose identity
    // spares comparing the proc ids through their channel addresses.
    if (last != null
        && (last.id == id
            || (last.id.actorId() == id.actorId() && last.id.index() == id.index())
            || last.id.equals(id))) {
      return last.text;
    }
    ByteString text = ByteString.copyFromUtf8(id.toString());
    formattedDest = new Pair<>(id, text);
    return text;
  }

  /**
   * {@link ActorId#parse} of UTF-8 {@code text}, remembering the last one. {@code text} may alias
   * a buffer that is reused once the envelope is decoded; what is remembered is a copy.
   *
   * @throws IllegalArgumentException when the text is not UTF-8 or not an actor id
   */
  ActorId parseActorId(ByteString text) {
    Pair<ActorId> last = parsedSender;
    if (last != null && last.text.equals(text)) {
      return last.id;
    }
    String decoded = decode(text, "sender");
    ActorId id = ActorId.parse(decoded);
    parsedSender = new Pair<>(id, ByteString.copyFromUtf8(decoded));
    return id;
  }

  /**
   * {@link PortId#parse} of UTF-8 {@code text}, remembering the last one (a copy).
   *
   * @throws IllegalArgumentException when the text is not UTF-8 or not a port id
   */
  PortId parsePortId(ByteString text) {
    Pair<PortId> last = parsedDest;
    if (last != null && last.text.equals(text)) {
      return last.id;
    }
    String decoded = decode(text, "dest");
    PortId id = PortId.parse(decoded);
    parsedDest = new Pair<>(id, ByteString.copyFromUtf8(decoded));
    return id;
  }

  private static String decode(ByteString text, String field) {
    if (!text.isValidUtf8()) {
      throw new IllegalArgumentException(
          "the envelope's " + field + " id is not valid UTF-8 (" + text.size() + " bytes)");
    }
    return text.toStringUtf8();
  }
}
