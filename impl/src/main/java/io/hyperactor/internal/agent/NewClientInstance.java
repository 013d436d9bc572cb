package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ClientInstance;
import io.hyperactor.OncePortHandle;

/**
 * Asks the proc agent (locally) for a new root client instance named {@code client} on its proc.
 *
 * @param reply where the instance goes
 */
public record NewClientInstance(OncePortHandle<ClientInstance> reply) {
  public NewClientInstance {
    checkNotNull(reply, "reply");
  }
}
