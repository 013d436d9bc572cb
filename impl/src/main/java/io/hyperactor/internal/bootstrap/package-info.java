/**
 * The child side of the process-forking proc manager: {@link
 * io.hyperactor.internal.bootstrap.BootstrapMain} builds one proc from the bootstrap environment,
 * boots its agent, calls the host back, obeys stop requests on stdin and exits when its parent
 * dies; {@link io.hyperactor.internal.bootstrap.BootstrapProtocol} holds the wire forms both sides
 * share.
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications,
 * examples and tests outside the runtime use the public packages ({@code io.hyperactor.*} and
 * {@code io.hyperactor.runtime.ActorSystem}) instead.
 */
@NullMarked
package io.hyperactor.internal.bootstrap;

import org.jspecify.annotations.NullMarked;
