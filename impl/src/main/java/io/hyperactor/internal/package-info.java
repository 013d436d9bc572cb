/**
 * The actor runtime: procs, instances, mailboxes, ports, supervision and introspection.
 *
 * <p>Almost everything here is package-private; {@link io.hyperactor.internal.Procs} and {@link
 * io.hyperactor.internal.RuntimeServices} are public for the runtime's other packages and modules.
 * See {@code docs/architecture.md} for how the pieces fit.
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications,
 * examples and tests outside the runtime use the public packages ({@code io.hyperactor.*} and
 * {@code io.hyperactor.runtime.ActorSystem}) instead.
 */
@NullMarked
package io.hyperactor.internal;

import org.jspecify.annotations.NullMarked;
