package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Instance;
import io.hyperactor.PortReceiver;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.MeshState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.Stop;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Stops a mesh through its controller: {@code Stop}, then {@code GetState}. The controller handles
 * one message at a time, so the state read is the stop's outcome.
 */
final class ControllerStop {
  // The controller's stop is itself bounded by the idle limit; this covers a controller that dies
  // mid-stop.
  private static final Duration REPLY_SLACK = Duration.ofSeconds(30);

  private ControllerStop() {}

  /**
   * The statuses of every rank after the stop.
   *
   * @throws MeshException of {@code kind} when a rank did not confirm its end, or the controller
   *     did not answer
   */
  static ValueMesh<Status> stop(
      Instance<?> owner,
      ActorHandle<Object> controller,
      ResourceId id,
      String reason,
      Duration maxIdle,
      MeshException.Kind kind,
      String what)
      throws InterruptedException {
    checkNotNull(reason, "reason");
    try (ClientInstance sender = owner.child()) {
      PortReceiver<State<MeshState<String>>> reply = sender.openPort();
      PortId handler = controller.actorId().portId(PortId.HANDLER_INDEX);
      sender.post(handler, new Stop(id, reason));
      sender.post(
          handler,
          new GetState<MeshState<String>>(
              id, reply.handle().bind().withReturnUndeliverable(false)));
      State<MeshState<String>> state;
      try {
        state = reply.recv(maxIdle.multipliedBy(2).plus(REPLY_SLACK));
      } catch (TimeoutException e) {
        throw new MeshException(
            kind, "the controller of " + what + " did not report the stop in time");
      }
      ValueMesh<Status> statuses = checkNotNull(state.state(), "mesh state").statuses();
      // A rank whose agent never answered (Timeout) may still run: the stop did not complete.
      if (!statuses.values().allMatch(s -> s.isTerminated() && !(s instanceof Status.Timeout))) {
        throw new MeshException(
            kind, what + ": not every rank stopped: statuses: " + statuses, statuses);
      }
      return statuses;
    }
  }
}
