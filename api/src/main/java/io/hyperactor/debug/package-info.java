/**
 * What a running proc reports about itself for debugging.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.debug.ThreadDumpResult}
 *   <dd>A thread dump of a proc's process, each thread named with the actor it runs.
 *   <dt>{@link io.hyperactor.debug.ThreadStack}
 *   <dd>One thread of a dump.
 * </dl>
 */
@NullMarked
package io.hyperactor.debug;

import org.jspecify.annotations.NullMarked;
