/**
 * The resource protocol: how an owner creates, stops, queries and watches resources (actors, procs)
 * that an agent manages on its behalf.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.resource.ResourceMessage}
 *   <dd>the messages an agent answers: {@code CreateOrUpdate}, {@code Stop}, {@code StopAll},
 *       {@code GetState}, {@code KeepaliveGetState}, {@code StreamState}, {@code GetRankStatus} and
 *       {@code WaitRankStatus}.
 *   <dt>{@link io.hyperactor.resource.Status} and {@link io.hyperactor.resource.State}
 *   <dd>a resource's lifecycle status (totally ordered) and its full reported state.
 *   <dt>{@link io.hyperactor.resource.ResourceId}
 *   <dd>a resource's identity: a uid with a display label, rendered in base58.
 *   <dt>{@link io.hyperactor.resource.StatusOverlay}
 *   <dd>sparse runs of per-rank statuses, as replied to rank-status queries.
 * </dl>
 */
@NullMarked
package io.hyperactor.resource;

import org.jspecify.annotations.NullMarked;
