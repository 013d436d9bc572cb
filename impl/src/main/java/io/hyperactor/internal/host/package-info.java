/**
 * Hosts and proc managers: {@link io.hyperactor.internal.host.Hosts} builds a host, {@link
 * io.hyperactor.internal.host.LocalProcManager} runs procs in this JVM, and {@link
 * io.hyperactor.internal.host.ProcessProcManager} forks one child JVM per proc and supervises it
 * (exit monitor, stdio tail, terminate and kill, reaping).
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications,
 * examples and tests outside the runtime use the public packages ({@code io.hyperactor.*} and
 * {@code io.hyperactor.runtime.ActorSystem}) instead.
 */
@NullMarked
package io.hyperactor.internal.host;

import org.jspecify.annotations.NullMarked;
