/**
 * The actor runtime an application creates: the actor system, and how it starts procs in child
 * JVMs.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.runtime.ActorSystem}
 *   <dd>One runtime: configuration, threads, channels, codecs and spawnable types; creates procs
 *       and hosts, spawns actors remotely, and stops everything on close.
 *   <dt>{@link io.hyperactor.runtime.ProcessProcManagerOptions}
 *   <dd>How a process host starts its child JVMs.
 *   <dt>{@link io.hyperactor.runtime.ProcMain}
 *   <dd>The main class of a child JVM, and how an application writes its own.
 * </dl>
 */
@NullMarked
package io.hyperactor.runtime;

import org.jspecify.annotations.NullMarked;
