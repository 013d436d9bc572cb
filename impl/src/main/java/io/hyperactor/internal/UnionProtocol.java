package io.hyperactor.internal;

import com.google.common.collect.ImmutableSet;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An actor whose protocol is a union of unrelated types, which one class cannot name, and which
 * may refuse a message of those types that it cannot act on. Both checks run when the message is
 * delivered, before it is queued: a message of another type is returned to its sender as {@code
 * WRONG_TYPE}, a refused one as {@code REFUSED}, and neither reaches the handler.
 *
 * <p>Runtime actors only (the proc agent); an application actor names its protocol with {@link
 * io.hyperactor.Actor#messageType}.
 */
public interface UnionProtocol {

  /** The types this actor handles; read once, at spawn. */
  ImmutableSet<Class<?>> messageTypes();

  /**
   * Why this actor cannot act on {@code message}, one of its types, or null when it can. Runs on
   * the sending thread: it must look at the message only, never at the actor's state.
   */
  default @Nullable String refusal(Object message) {
    return null;
  }

  /**
   * Like {@link #refusal(Object)}, with the headers the message arrived with (among them the
   * sender's authenticated identity, {@link io.hyperactor.internal.mailbox.PeerHeader}), for an
   * actor that authorizes its senders. The default ignores the headers.
   */
  default @Nullable String refusal(Object message, Map<String, String> headers) {
    return refusal(message);
  }
}
