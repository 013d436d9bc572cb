package io.hyperactor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import java.util.Map;

/**
 * A message in flight: who sent it, where it goes, and its payload.
 *
 * <p>For local delivery the payload is the Java object itself; a transport replaces it with its
 * serialized form on the wire.
 *
 * @param sender the sending actor
 * @param dest the destination port
 * @param headers string headers (telemetry, tracing); an immutable copy is kept, in the given order
 * @param payload the message
 * @param seqInfo ordering information
 * @param ttl how many more times the message may be forwarded
 * @param returnUndeliverable whether a failed delivery is returned to the sender
 */
public record MessageEnvelope(
    ActorId sender,
    PortId dest,
    Map<String, String> headers,
    Object payload,
    SeqInfo seqInfo,
    int ttl,
    boolean returnUndeliverable) {
  public MessageEnvelope {
    checkNotNull(sender, "sender");
    checkNotNull(dest, "dest");
    headers = ImmutableMap.copyOf(checkNotNull(headers, "headers"));
    checkNotNull(payload, "payload");
    checkNotNull(seqInfo, "seqInfo");
    checkArgument(ttl >= 0, "ttl must be >= 0, got %s", ttl);
  }

  /** An envelope with no headers that returns undeliverable messages. */
  public static MessageEnvelope of(
      ActorId sender, PortId dest, Object payload, SeqInfo seqInfo, int ttl) {
    return new MessageEnvelope(sender, dest, ImmutableMap.of(), payload, seqInfo, ttl, true);
  }

  /** This envelope with {@code headers} merged in. */
  public MessageEnvelope withHeaders(Map<String, String> more) {
    if (more.isEmpty()) {
      return this;
    }
    return new MessageEnvelope(
        sender,
        dest,
        ImmutableMap.<String, String>builder().putAll(headers).putAll(more).buildKeepingLast(),
        payload,
        seqInfo,
        ttl,
        returnUndeliverable);
  }

  /** This envelope after one more forwarding hop. */
  public MessageEnvelope decrementTtl() {
    checkArgument(ttl > 0, "message to %s has no TTL left", dest);
    return new MessageEnvelope(
        sender, dest, headers, payload, seqInfo, ttl - 1, returnUndeliverable);
  }

  @Override
  public String toString() {
    return "MessageEnvelope{" + sender + " -> " + dest + ", " + payload.getClass().getName() + "}";
  }
}
