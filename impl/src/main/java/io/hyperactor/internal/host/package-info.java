/**
 * Hosts and proc managers: {@link io.hyperactor.internal.host.Hosts} builds a host, {@link
 * io.hyperactor.internal.host.LocalProcManager} runs procs in this JVM, and {@link
 * io.hyperactor.internal.host.ProcessProcManager} forks one child JVM per proc and supervises it
 * (exit monitor, stdio tail, terminate and kill, reaping).
 */
@NullMarked
package io.hyperactor.internal.host;

import org.jspecify.annotations.NullMarked;
