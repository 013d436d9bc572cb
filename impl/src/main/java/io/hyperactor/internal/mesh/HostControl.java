package io.hyperactor.internal.mesh;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.AskTimeoutException;
import io.hyperactor.Instance;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.mesh.HostAgentMessage.DrainHost;
import io.hyperactor.internal.mesh.HostAgentMessage.HostAck;
import io.hyperactor.internal.mesh.HostAgentMessage.SetClientConfig;
import io.hyperactor.internal.mesh.HostAgentMessage.ShutdownHost;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains, shuts down and configures the hosts of a host mesh through their agents, all hosts at
 * once.
 */
final class HostControl {
  private static final Logger log = LoggerFactory.getLogger(HostControl.class);

  private HostControl() {}

  /**
   * Drains every host (their procs stop while the network is still up), then shuts every host
   * down. Failures are logged; the future completes once every host answered or failed.
   */
  static CompletableFuture<Void> shutdown(Instance<?> cx, HostMeshRefImpl hosts) {
    HyperactorConfig config = config(cx);
    Duration timeout = config.get(HyperactorAttrs.MESH_TERMINATE_TIMEOUT);
    int inFlight = inFlight(config);
    Duration wait = ackWait(timeout);
    return all(hosts, host -> ask(cx, host, ack -> new DrainHost(timeout, inFlight, null, ack), wait, "drain"))
        .thenCompose(
            drained ->
                all(
                    hosts,
                    host ->
                        ask(cx, host, ack -> new ShutdownHost(timeout, inFlight, ack), wait, "shutdown")));
  }

  /** Stops, on every host, the procs spawned for host mesh {@code meshId}; failures are logged. */
  static CompletableFuture<Void> drain(Instance<?> cx, HostMeshRefImpl hosts, HostMeshId meshId) {
    HyperactorConfig config = config(cx);
    Duration timeout = config.get(HyperactorAttrs.MESH_TERMINATE_TIMEOUT);
    int inFlight = inFlight(config);
    return all(
        hosts,
        host ->
            ask(
                cx,
                host,
                ack -> new DrainHost(timeout, inFlight, meshId.toString(), ack),
                ackWait(timeout),
                "drain"));
  }

  /**
   * Pushes {@code attrs} to every host as its client configuration. Fails closed: the future
   * fails with {@link MeshException} {@code CONFIG_PUSH_FAILED} naming every host that did not
   * confirm within {@code mesh_attach_config_timeout}, and why.
   */
  static CompletableFuture<Void> pushConfig(
      Instance<?> cx, HostMeshRefImpl hosts, ImmutableMap<String, String> attrs) {
    Duration timeout = config(cx).get(HyperactorAttrs.MESH_ATTACH_CONFIG_TIMEOUT);
    List<CompletableFuture<String>> failures = new ArrayList<>();
    for (HostRef host : hosts.hosts()) {
      ActorRef<Object> agent = ActorRef.attest(host.agentId());
      failures.add(
          cx.<Object, HostAck>ask(agent, done -> new SetClientConfig(attrs, done), timeout)
              .handle(
                  (ack, error) -> {
                    if (error != null) {
                      return host + ": " + describe(unwrap(error), timeout);
                    }
                    return ack.isOk() ? null : host + ": " + ack.error();
                  }));
    }
    return CompletableFuture.allOf(failures.toArray(CompletableFuture<?>[]::new))
        .thenApply(
            ignored -> {
              List<String> failed =
                  failures.stream().map(CompletableFuture::join).filter(f -> f != null).toList();
              if (!failed.isEmpty()) {
                throw new MeshException(
                    MeshException.Kind.CONFIG_PUSH_FAILED,
                    "config push failed during attach on "
                        + failed.size()
                        + " host(s):\n  "
                        + String.join("\n  ", failed));
              }
              return null;
            });
  }

  private static String describe(Throwable error, Duration timeout) {
    return switch (error) {
      case UndeliverableMessageException u -> "send failed: " + u.getMessage();
      case AskTimeoutException t -> "no reply within " + timeout + " (mesh_attach_config_timeout)";
      default -> error.toString();
    };
  }

  private static CompletableFuture<Void> ask(
      Instance<?> cx,
      HostRef host,
      java.util.function.Function<io.hyperactor.ref.OncePortRef<HostAck>, HostAgentMessage> request,
      Duration wait,
      String what) {
    ActorRef<Object> agent = ActorRef.attest(host.agentId());
    return cx.<Object, HostAck>ask(agent, request::apply, wait)
        .handle(
            (ack, error) -> {
              if (error != null) {
                log.warn("host {}: {} failed: {}", host, what, unwrap(error).getMessage());
              } else if (!ack.isOk()) {
                log.warn("host {}: {} refused: {}", host, what, ack.error());
              }
              return null;
            });
  }

  private static CompletableFuture<Void> all(
      HostMeshRefImpl hosts, java.util.function.Function<HostRef, CompletableFuture<Void>> each) {
    return CompletableFuture.allOf(
        hosts.hosts().stream().map(each).toArray(CompletableFuture<?>[]::new));
  }

  /**
   * How long to wait for a drain or shutdown to be acknowledged: a proc gets its grace period,
   * then SIGTERM and another period before SIGKILL, so three periods and a margin.
   */
  private static Duration ackWait(Duration terminateTimeout) {
    return terminateTimeout.multipliedBy(3).plusSeconds(30);
  }

  private static int inFlight(HyperactorConfig config) {
    return (int) Math.max(1, Math.min(256, config.get(HyperactorAttrs.MESH_TERMINATE_CONCURRENCY)));
  }

  private static HyperactorConfig config(Instance<?> cx) {
    return Procs.services(cx.proc()).config();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
