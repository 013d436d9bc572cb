/**
 * What a running proc reports about itself for debugging.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.debug.ThreadDumpResult}
 *   <dd>A thread dump of a proc's process, each thread named with the actor it runs.
 *   <dt>{@link io.hyperactor.debug.ThreadStack}
 *   <dd>One thread of a dump.
 *   <dt>{@link io.hyperactor.debug.ConfigDump}
 *   <dd>A proc's resolved configuration, each key with its value and source.
 *   <dt>{@link io.hyperactor.debug.CpuProfileRecording}
 *   <dd>A JDK Flight Recorder CPU profile of a proc's process, as bytes.
 *   <dt>{@link io.hyperactor.debug.ProcLogs}
 *   <dd>The last lines a proc's process wrote to stdout and stderr, kept by its host.
 *   <dt>{@link io.hyperactor.debug.ProcDiagnosticsException}
 *   <dd>A diagnostic request was refused or failed, and why.
 * </dl>
 */
@NullMarked
package io.hyperactor.debug;

import org.jspecify.annotations.NullMarked;
