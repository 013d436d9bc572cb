package io.hyperactor.internal;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.SeqInfo;
import org.jspecify.annotations.Nullable;

/** Where a bound port's messages go: a loop's inbox, a receiver's queue, a once-reply. */
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
}
