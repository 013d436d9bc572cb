package io.hyperactor.internal.channel;

import io.hyperactor.channel.ChannelException;

/**
 * One message waiting in a {@link DeliveryQueue}, with the hooks its transport needs when the
 * application takes it or when it goes back to its sender.
 */
public interface Delivery<M> {

  /** The message as the application will see it. */
  M message();

  /**
   * The application is taking the message; the transport acknowledges it. Returns false when the
   * message was withdrawn meanwhile (its sender has been told it was not delivered): the queue then
   * skips it. Must not block.
   */
  boolean taken();

  /**
   * The queue closed before the application took the message. Must not block.
   *
   * @param error why the message was not taken
   */
  void dropped(ChannelException error);
}
