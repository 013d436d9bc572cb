package io.hyperactor.resource;

/**
 * A message of the resource protocol, answered by an agent that manages resources for an owner.
 *
 * <p>Creation and stopping have no reply; owners learn outcomes through {@link GetState}, {@link
 * GetRankStatus}, {@link WaitRankStatus} or a {@link StreamState} subscription.
 */
public sealed interface ResourceMessage
    permits CreateOrUpdate,
        Stop,
        StopAll,
        GetState,
        KeepaliveGetState,
        StreamState,
        GetRankStatus,
        WaitRankStatus {

  /**
   * The message header set to {@code "true"} on every state sent to a {@link StreamState}
   * subscriber, so that a bounced update identifies a dead subscriber.
   */
  String STREAM_STATE_SUBSCRIBER = "stream_state_subscriber";
}
