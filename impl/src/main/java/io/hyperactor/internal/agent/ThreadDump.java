package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.ref.OncePortRef;

/**
 * Asks the proc agent for a dump of every thread of its process (virtual threads included), with
 * the actor each thread runs.
 *
 * @param result where the dump goes
 */
public record ThreadDump(OncePortRef<ThreadDumpResult> result) {
  public ThreadDump {
    checkNotNull(result, "result");
  }
}
