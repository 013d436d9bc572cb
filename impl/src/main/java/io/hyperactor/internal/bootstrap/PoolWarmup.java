package io.hyperactor.internal.bootstrap;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an idle pool member does before it waits for its assignment: loads and initializes the
 * runtime classes every proc needs, so that the assigned proc starts with them in place.
 *
 * <p>Only classes whose static initialization reads no configuration and starts nothing are
 * listed: a member must hold no proc state (no proc, actor system, channel or proc name) until it
 * is assigned. A class the class path lacks (an application without the gRPC transport) is
 * skipped.
 */
final class PoolWarmup {
  private static final Logger log = LoggerFactory.getLogger(PoolWarmup.class);

  private static final List<String> CLASSES =
      List.of(
          "io.hyperactor.config.HyperactorAttrs",
          "io.hyperactor.config.HyperactorConfig",
          "io.hyperactor.runtime.ActorSystem",
          "io.hyperactor.internal.RuntimeServices",
          "io.hyperactor.internal.ProcImpl",
          "io.hyperactor.internal.Procs",
          "io.hyperactor.internal.InstanceCell",
          "io.hyperactor.internal.MailboxImpl",
          "io.hyperactor.internal.ActorScheduler",
          "io.hyperactor.internal.agent.ProcAgent",
          "io.hyperactor.internal.agent.ProcAgentCodecs",
          "io.hyperactor.internal.agent.AgentGateway",
          "io.hyperactor.internal.agent.GatewayMessages",
          "io.hyperactor.internal.mailbox.CodecRegistry",
          "io.hyperactor.internal.mailbox.EnvelopeCodec",
          "io.hyperactor.internal.mailbox.MailboxClient",
          "io.hyperactor.internal.mailbox.MailboxServer",
          "io.hyperactor.internal.mailbox.RuntimeTypes",
          "io.hyperactor.transport.grpc.GrpcTransportFactory",
          "io.hyperactor.transport.grpc.GrpcDuplexServer",
          "io.hyperactor.transport.grpc.GrpcDuplexClient");

  private PoolWarmup() {}

  static void run() {
    long start = System.nanoTime();
    ClassLoader loader = PoolWarmup.class.getClassLoader();
    int loaded = 0;
    for (String name : CLASSES) {
      try {
        Class.forName(name, true, loader);
        loaded++;
      } catch (ClassNotFoundException | LinkageError e) {
        log.debug("pool warm-up skips {}: {}", name, e.toString());
      }
    }
    log.debug(
        "pool warm-up initialized {} classes in {} ms",
        loaded,
        (System.nanoTime() - start) / 1_000_000);
  }
}
