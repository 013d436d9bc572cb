package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.ref.PortRef;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a mesh controller's notifications: failures to the owner, failures and stops to the
 * subscribers, heartbeats to the subscribers. Every subscriber message carries the header {@value
 * #ACTOR_MESH_SUBSCRIBER_MESSAGE}, so a bounced one is known to come from a gone subscriber.
 */
final class ControllerNotifier {
  /** The header marking controller-to-subscriber messages, which may be dropped if they bounce. */
  static final String ACTOR_MESH_SUBSCRIBER_MESSAGE = "actor_mesh_subscriber_message";

  private static final Logger log = LoggerFactory.getLogger(ControllerNotifier.class);
  private static final ImmutableMap<String, String> SUBSCRIBER_HEADERS =
      ImmutableMap.of(ACTOR_MESH_SUBSCRIBER_MESSAGE, "true");

  private final Instance<?> self;
  private final HealthState health;
  private final int ttl;

  ControllerNotifier(Instance<?> self, HealthState health, int ttl) {
    this.self = checkNotNull(self, "self");
    this.health = checkNotNull(health, "health");
    this.ttl = ttl;
  }

  /** The controller's id, which events about the controller itself are attributed to. */
  ActorId selfId() {
    return self.selfId();
  }

  /**
   * Reports that view rank {@code rank} terminated with {@code event}: records the rank, latches
   * the event ({@code StreamClosed} when a proc stopped, {@code Crashed} otherwise), tells the
   * owner when it is a failure and every subscriber in any case.
   */
  void sendStateChange(int rank, ActorSupervisionEvent event, String meshName, boolean procStopped) {
    boolean failed = event.isError();
    if (failed) {
      log.warn("SupervisionEvent: mesh {} rank {}: {}", meshName, rank, event);
    } else {
      log.debug("SupervisionEvent: mesh {} rank {}: {}", meshName, rank, event);
    }
    MeshFailure failure = new MeshFailure(meshName, event, List.of(rank));
    health.recordReported(rank, event);
    health.latch(procStopped ? new Unhealthy.StreamClosed(failure) : new Unhealthy.Crashed(failure));
    if (failed) {
      health.owner().ifPresent(owner -> sendToOwner(owner, failure));
    }
    sendToSubscribers(failure);
  }

  /** Sends {@code failure} to the owner, as a plain message. */
  void sendToOwner(PortRef<MeshFailure> owner, MeshFailure failure) {
    log.info("sending supervision event to owner {}: {}", owner.portId(), failure);
    self.post(owner.portId(), failure);
  }

  /** Sends {@code failure} to every subscriber. */
  void sendToSubscribers(MeshFailure failure) {
    for (PortRef<SupervisionNotice> subscriber : health.subscribers()) {
      sendSubscriberMessage(subscriber.portId(), new SupervisionNotice(failure));
    }
  }

  /** Sends a heartbeat to every subscriber. */
  void sendHeartbeat() {
    for (PortRef<SupervisionNotice> subscriber : health.subscribers()) {
      sendSubscriberMessage(subscriber.portId(), SupervisionNotice.heartbeat());
    }
  }

  /** Sends {@code notice} to one subscriber, marked as a subscriber message. */
  void sendSubscriberMessage(PortId subscriber, SupervisionNotice notice) {
    if (!notice.isHeartbeat()) {
      log.info("sending supervision event to subscriber {}: {}", subscriber, notice.failure());
    }
    self.proc()
        .post(
            new MessageEnvelope(
                self.selfId(), subscriber, SUBSCRIBER_HEADERS, notice, SeqInfo.DIRECT, ttl, true));
  }
}
