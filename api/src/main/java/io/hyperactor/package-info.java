/**
 * The actor runtime's public surface: actors, their contexts and instances, procs, mailboxes,
 * handles and ports.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.Actor}
 *   <dd>the behaviour: {@code init}, {@code handle}, supervision and cleanup hooks.
 *   <dt>{@link io.hyperactor.Proc}
 *   <dd>the runtime boundary that spawns actors and routes their messages.
 *   <dt>{@link io.hyperactor.Instance} and {@link io.hyperactor.Context}
 *   <dd>what a running actor (or a client) uses to send, spawn and stop.
 *   <dt>{@link io.hyperactor.ActorHandle}, {@link io.hyperactor.PortHandle}
 *   <dd>local, typed access to an actor or a port; refs in {@code io.hyperactor.ref} are their
 *       serializable counterparts.
 * </dl>
 */
@NullMarked
package io.hyperactor;

import org.jspecify.annotations.NullMarked;
