package io.hyperactor.internal.host;

import io.hyperactor.MailboxSender;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcManager;
import io.hyperactor.internal.Procs;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

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
    return create(manager, addr, null, HyperactorConfig.global(), Procs.SYSTEM_EXIT);
  }

  /**
   * A host that sends envelopes it has no route for to {@code defaultSender} (null: back to their
   * senders), with {@code config} and {@code exitHook} for its built-in procs.
   */
  public static <A, C> Host<A, C> create(
      ProcManager<A, C> manager,
      ChannelAddr addr,
      @Nullable MailboxSender defaultSender,
      HyperactorConfig config,
      IntConsumer exitHook) {
    return new HostImpl<>(manager, addr, defaultSender, config, exitHook);
  }
}
