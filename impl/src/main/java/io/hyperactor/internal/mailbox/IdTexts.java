package io.hyperactor.internal.mailbox;

import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import org.jspecify.annotations.Nullable;

/**
 * The text forms of the last sender and destination ids encoded and decoded. A link carries the
 * same few ids over and over, and formatting or parsing one (with its channel address) costs more
 * than the rest of a small envelope. Thread-safe: each slot holds an immutable pair, so a race
 * only costs a miss.
 */
final class IdTexts {
  private record Pair<T>(T id, String text) {}

  private @Nullable Pair<ActorId> formattedSender;
  private @Nullable Pair<PortId> formattedDest;
  private @Nullable Pair<ActorId> parsedSender;
  private @Nullable Pair<PortId> parsedDest;

  String format(ActorId id) {
    Pair<ActorId> last = formattedSender;
    if (last != null && (last.id == id || last.id.equals(id))) {
      return last.text;
    }
    String text = id.toString();
    formattedSender = new Pair<>(id, text);
    return text;
  }

  String format(PortId id) {
    Pair<PortId> last = formattedDest;
    if (last != null && (last.id == id || last.id.equals(id))) {
      return last.text;
    }
    String text = id.toString();
    formattedDest = new Pair<>(id, text);
    return text;
  }

  /** {@link ActorId#parse}, remembering the last text. */
  ActorId parseActorId(String text) {
    Pair<ActorId> last = parsedSender;
    if (last != null && last.text.equals(text)) {
      return last.id;
    }
    ActorId id = ActorId.parse(text);
    parsedSender = new Pair<>(id, text);
    return id;
  }

  /** {@link PortId#parse}, remembering the last text. */
  PortId parsePortId(String text) {
    Pair<PortId> last = parsedDest;
    if (last != null && last.text.equals(text)) {
      return last.id;
    }
    PortId id = PortId.parse(text);
    parsedDest = new Pair<>(id, text);
    return id;
  }
}
