package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import java.util.function.IntFunction;

/** A host together with how to build its manager's per-proc spawn configuration from a rank. */
record RuntimeHost<C>(Host<Object, C> host, IntFunction<C> spawnConfig) {
  RuntimeHost {
    checkNotNull(host, "host");
    checkNotNull(spawnConfig, "spawnConfig");
  }

  HostedProc<Object> spawn(String name, int rank) {
    return host.spawn(name, spawnConfig.apply(rank));
  }
}
