package io.hyperactor.internal;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.SeqInfo;
import org.jspecify.annotations.Nullable;

/**
 * Where a bound port's messages go: a loop's inbox, a receiver's queue, a once-reply.
 *
 * <p>The mailbox delivers through the indexed forms, {@link #deliver(long, Object, ImmutableMap,
 * SeqInfo, Object)} and {@link #ordered(long)}. A sink bound to one port leaves them as they are;
 * a sink bound to several ports of one mailbox (an actor's loop serves its work, signal,
 * undeliverable and supervision ports) overrides them and tells its ports apart by the index, so
 * that it needs no object per port.
 */
interface PortSink {

  /**
   * Accepts one message.
   *
   * @throws io.hyperactor.MailboxSenderException when the sink cannot take it (closed, used)
   * @throws IllegalArgumentException when the message is malformed for this port
   */
  void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender);

  /** Whether senders should number messages to this port (the receiver reorders them). */
  default boolean ordered() {
    return false;
  }

  /** Accepts one message sent to port {@code index} of the mailbox this sink is bound in. */
  default void deliver(
      long index,
      Object message,
      ImmutableMap<String, String> headers,
      SeqInfo seq,
      @Nullable Object sender) {
    deliver(message, headers, seq, sender);
  }

  /** Whether senders should number messages to port {@code index} of this sink's mailbox. */
  default boolean ordered(long index) {
    return ordered();
  }
}
