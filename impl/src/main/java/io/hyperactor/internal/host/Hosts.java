package io.hyperactor.internal.host;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcManager;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.mailbox.CodecRegistry;
import java.util.function.IntConsumer;

/**
 * Creates hosts.
 *
 * <pre>{@code
 * LocalProcManager<Object> manager =
 *     new LocalProcManager<>(proc -> ProcAgent.boot(proc, ProcAgentOptions.defaults(registry)));
 * try (Host<Object, Void> host = Hosts.create(manager, ChannelAddr.any(ChannelTransport.LOCAL))) {
 *   HostedProc<Object> worker = host.spawn("worker", null);
 * }
 * }</pre>
 */
public final class Hosts {
  private Hosts() {}

  /**
   * A host at {@code addr} (bound now; {@link Host#addr()} is the bound address) whose procs are
   * created by {@code manager}. The backend serves at once; the frontend after {@link
   * Host#serve()}.
   */
  public static <A, C> Host<A, C> create(ProcManager<A, C> manager, ChannelAddr addr) {
    return create(
        manager, addr, CodecRegistry.builtins(), HyperactorConfig.global(), Procs.SYSTEM_EXIT);
  }

  /**
   * A host whose channels encode payloads with {@code registry}, with {@code config} and {@code
   * exitHook} for its built-in procs.
   */
  public static <A, C> Host<A, C> create(
      ProcManager<A, C> manager,
      ChannelAddr addr,
      CodecRegistry registry,
      HyperactorConfig config,
      IntConsumer exitHook) {
    return new HostImpl<>(manager, addr, registry, config, exitHook);
  }
}
