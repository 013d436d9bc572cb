/**
 * Hosts and proc managers: how procs are started, reached, watched and stopped on one machine.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.host.Host}
 *   <dd>all procs of one machine behind one frontend address, with a backend address children dial
 *       back to, a service proc and a local proc.
 *   <dt>{@link io.hyperactor.host.ProcManager} and {@link io.hyperactor.host.ProcHandle}
 *   <dd>the pluggable part that creates procs (in this JVM or in child JVMs) and the handle that
 *       observes and stops one of them.
 *   <dt>{@link io.hyperactor.host.ProcStatus}
 *   <dd>the lifecycle of a proc: Starting, Running, Ready, Stopping, then Stopped, Killed or
 *       Failed.
 *   <dt>{@link io.hyperactor.host.HostException}, {@link io.hyperactor.host.ReadyException}, {@link
 *       io.hyperactor.host.TerminateException}
 *   <dd>the errors of host operations, readiness waits and terminations.
 * </dl>
 */
@NullMarked
package io.hyperactor.host;

import org.jspecify.annotations.NullMarked;
