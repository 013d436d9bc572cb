/**
 * Identifiers of procs, actors and ports.
 *
 * <p>{@link io.hyperactor.id.ProcId}, {@link io.hyperactor.id.ActorId} and {@link
 * io.hyperactor.id.PortId} are records whose {@code toString} and {@code parse} round-trip using
 * the upstream syntax {@code <addr>,<proc>,<actor>[<pid>][<port>]}.
 */
@NullMarked
package io.hyperactor.id;

import org.jspecify.annotations.NullMarked;
