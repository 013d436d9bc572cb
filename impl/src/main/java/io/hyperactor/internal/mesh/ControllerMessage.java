package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ref.PortRef;
import java.time.Instant;

/**
 * The messages of a mesh controller beyond the resource protocol: subscriptions to its
 * supervision stream, and its own poll tick.
 */
public sealed interface ControllerMessage
    permits ControllerMessage.Subscribe,
        ControllerMessage.Unsubscribe,
        ControllerMessage.GetSubscriberCount,
        ControllerMessage.CheckState {

  /**
   * Registers {@code subscriber} for the mesh's failures, stops and heartbeats. After a failure a
   * new subscriber is sent, at once, one notice listing every rank reported so far.
   *
   * @param subscriber where notices go; one port is one subscriber however often it subscribes
   */
  record Subscribe(PortRef<SupervisionNotice> subscriber) implements ControllerMessage {
    public Subscribe {
      checkNotNull(subscriber, "subscriber");
    }
  }

  /**
   * Removes {@code subscriber}; an unknown port is ignored.
   *
   * @param subscriber the port that subscribed
   */
  record Unsubscribe(PortRef<SupervisionNotice> subscriber) implements ControllerMessage {
    public Unsubscribe {
      checkNotNull(subscriber, "subscriber");
    }
  }

  /**
   * Asks for the number of subscribers.
   *
   * @param reply where the count goes
   */
  record GetSubscriberCount(PortRef<Integer> reply) implements ControllerMessage {
    public GetSubscriberCount {
      checkNotNull(reply, "reply");
    }
  }

  /**
   * The controller's poll tick, sent to itself.
   *
   * @param expected when the tick was meant to run, for stall detection
   */
  record CheckState(Instant expected) implements ControllerMessage {
    public CheckState {
      checkNotNull(expected, "expected");
    }
  }
}
