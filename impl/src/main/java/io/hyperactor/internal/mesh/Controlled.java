package io.hyperactor.internal.mesh;

import io.hyperactor.Instance;
import io.hyperactor.mesh.Region;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.WaitRankStatus;

/**
 * What a mesh controller needs from the mesh it controls: the mesh-specific queries, stream
 * subscription, notification and stop. An actor mesh and a proc mesh each implement it.
 *
 * <p>The queries and stops ({@link #pollStates}, {@link #handleStopRequest}, {@link #cleanupStop})
 * are given the controller's query instance, a root client instance of the controller's proc whose
 * children wait for the agents' replies; the stream subscription and forwarded waits are sent as
 * the controller itself, so their bounces reach it.
 *
 * @param <S> the per-rank payload of the states the mesh's agents report
 */
interface Controlled<S> {

  /** The mesh's resource id. */
  ResourceId id();

  /** The mesh's name in the failures it reports. */
  String meshName();

  /** The mesh's region (its view). */
  Region region();

  /** The name of the stall counter metric. */
  String stallMetric();

  /** Asks the mesh's agents to stream state changes to {@code subscriber}. */
  void subscribeToStream(Instance<?> cx, PortRef<State<S>> subscriber);

  /** Passes {@code wait} on to the mesh's agents, which answer its reply port directly. */
  void forwardWaitRankStatus(Instance<?> cx, WaitRankStatus wait);

  /** Polls the agents (with a keepalive when one is configured) and applies what changed. */
  PollResult pollStates(
      Instance<?> cx, String displayName, HealthState health, ControllerNotifier notifier)
      throws InterruptedException;

  /** Applies one streamed state; true when it sent a notification. */
  boolean processState(
      Instance<?> cx, State<S> state, HealthState health, ControllerNotifier notifier);

  /** Stops the mesh on an explicit request; monitoring is already off. */
  void handleStopRequest(
      Instance<?> cx,
      String displayName,
      String reason,
      HealthState health,
      ControllerNotifier notifier)
      throws Exception;

  /** Stops the mesh because its controller is stopping while still monitoring. */
  void cleanupStop(Instance<?> cx, String reason) throws Exception;
}
