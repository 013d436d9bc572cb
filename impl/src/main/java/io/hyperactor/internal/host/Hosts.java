package io.hyperactor.internal.host;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcManager;
import io.hyperactor.internal.RuntimeServices;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/** Creates hosts on an actor system's services; applications go through the actor system. */
public final class Hosts {
  private Hosts() {}

  /**
   * A host at {@code addr} (bound now; {@link Host#addr()} is the bound address) whose procs are
   * created by {@code manager}, with {@code exitHook} for its built-in procs. The backend serves at
   * once; the frontend after {@link Host#serve()}.
   */
  public static <A, C> Host<A, C> create(
      ProcManager<A, C> manager, ChannelAddr addr, RuntimeServices services, IntConsumer exitHook) {
    return new HostImpl<>(manager, addr, services, exitHook);
  }

  /**
   * Where child JVMs keep their archived class data by default: a directory private to this user
   * in the per-user cache, or null when there is none.
   */
  public static @Nullable Path defaultClassDataDir() {
    return ClassDataArchive.defaultDir();
  }
}
