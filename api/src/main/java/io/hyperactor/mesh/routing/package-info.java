/**
 * Routing a selection through a mesh of comm actors, one dimension per hop, and reshaping a mesh so
 * that no hop fans out too widely.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.mesh.routing.RoutingFrame}
 *   <dd>where a routed selection stands: coordinate, remaining selection, dimension; its {@code
 *       nextSteps} are the frames one dimension further.
 *   <dt>{@link io.hyperactor.mesh.routing.RoutingDecision}
 *   <dd>what one rank does with the frames it receives: deliver here, and which frames to forward
 *       to which peers.
 *   <dt>{@link io.hyperactor.mesh.routing.Reshape} and {@link
 *       io.hyperactor.mesh.routing.FanOutLimit}
 *   <dd>factoring large dimensions into smaller ones over the same locations, and rewriting
 *       selections to match.
 * </dl>
 *
 * <p>Routing delivers exactly once to each location {@link io.hyperactor.mesh.Selection#eval}
 * selects, along a path that depends only on the destination.
 */
@NullMarked
package io.hyperactor.mesh.routing;

import org.jspecify.annotations.NullMarked;
