package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.MailboxSender;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ProcId;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates procs.
 *
 * <pre>{@code
 * Proc proc = Procs.local();
 * ActorHandle<CounterMsg> counter = proc.spawn("counter", new Counter());
 * }</pre>
 */
public final class Procs {
  private static final Logger log = LoggerFactory.getLogger(Procs.class);
  private static final AtomicLong NEXT_LOCAL_RANK = new AtomicLong();

  /**
   * The default exit hook: an unhandled failure with nowhere to go ends the process with the code,
   * leaving the decision to whoever supervises the process.
   */
  public static final IntConsumer SYSTEM_EXIT =
      code -> {
        log.error("exiting process with code {}: unhandled actor failure", code);
        System.exit(code);
      };

  private Procs() {}

  /**
   * A proc that only talks to itself: its forwarder returns every message for another proc to the
   * sender as undeliverable.
   */
  public static Proc local() {
    return local(HyperactorConfig.global(), SYSTEM_EXIT);
  }

  /** A local proc with the given configuration and exit hook. */
  public static Proc local(HyperactorConfig config, IntConsumer exitHook) {
    long rank = NEXT_LOCAL_RANK.getAndIncrement();
    ChannelAddr addr = new ChannelAddr.Local(rank);
    return new ProcImpl(ProcId.unique(addr, "local_" + rank), null, config, exitHook);
  }

  /** A proc whose messages for other procs go to {@code forwarder}. */
  public static Proc configured(ProcId procId, MailboxSender forwarder) {
    return configured(procId, forwarder, HyperactorConfig.global(), SYSTEM_EXIT);
  }

  /**
   * A proc whose messages for other procs go to {@code forwarder}, reading settings from {@code
   * config} and calling {@code exitHook} when an unhandled failure must end the process.
   */
  public static Proc configured(
      ProcId procId, MailboxSender forwarder, HyperactorConfig config, IntConsumer exitHook) {
    return new ProcImpl(
        checkNotNull(procId, "procId"), checkNotNull(forwarder, "forwarder"), config, exitHook);
  }
}
