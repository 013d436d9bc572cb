package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.OncePortHandle;
import io.hyperactor.Proc;

/**
 * Asks the proc agent (locally) for the proc it manages.
 *
 * @param reply where the proc goes
 */
public record GetProc(OncePortHandle<Proc> reply) {
  public GetProc {
    checkNotNull(reply, "reply");
  }
}
