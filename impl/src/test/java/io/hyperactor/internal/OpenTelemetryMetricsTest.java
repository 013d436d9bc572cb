package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.OncePortHandle;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ActorSystem;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runtime's OpenTelemetry instruments, read with the SDK's in-memory reader. */
@Timeout(60)
class OpenTelemetryMetricsTest {

  /** Counts its strings and answers a count request; {@code "block"} waits for the test. */
  static final class Worker implements Actor<Object> {
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private long count;

    @Override
    @SuppressWarnings("unchecked")
    public void handle(Context<Object> cx, Object message) throws Exception {
      if (message.equals("block")) {
        blocked.countDown();
        release.await();
      } else if (message instanceof OncePortHandle<?> reply) {
        ((OncePortHandle<Long>) reply).send(count);
      } else {
        count++;
      }
    }
  }

  /** Fails on every message. */
  static final class Failing implements Actor<String> {
    @Override
    public void handle(Context<String> cx, String message) {
      throw new IllegalStateException(message);
    }
  }

  private InMemoryMetricReader reader;
  private SdkMeterProvider meterProvider;
  private ActorSystem system;

  @BeforeEach
  void start() {
    reader = InMemoryMetricReader.create();
    meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    system =
        ActorSystem.builder()
            .name("metrics")
            .exitHook(code -> {})
            .openTelemetry(OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build())
            .build();
  }

  @AfterEach
  void stop() {
    system.close();
    meterProvider.close();
  }

  private static Attributes actorAttributes(Proc proc, Class<?> type) {
    return Attributes.of(
        Telemetry.PROC_ID, proc.procId().toString(), Telemetry.ACTOR_TYPE, type.getName());
  }

  /** The point of metric {@code name} with exactly {@code attributes}; fails without one. */
  private static PointData point(
      Collection<MetricData> metrics, String name, Attributes attributes) {
    MetricData metric =
        metrics.stream()
            .filter(m -> m.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics));
    return metric.getData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no point " + attributes + " of " + name + ": " + metric));
  }

  private static long longValue(Collection<MetricData> metrics, String name, Attributes at) {
    return ((LongPointData) point(metrics, name, at)).getValue();
  }

  private static void stopAndWait(ActorHandle<?> actor) throws Exception {
    actor.drainAndStop("test done");
    actor.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static long count(ActorHandle<Object> worker, ClientInstance client) throws Exception {
    OncePortReceiver<Long> reply = client.openOncePort();
    worker.send(client, reply.handle());
    return reply.recv(TIMEOUT);
  }

  @Test
  void messagesHandledAndHandlerTimeCountWhatWasSent() throws Exception {
    Proc proc = system.localProc("counting");
    ClientInstance client = proc.instance("client");
    ActorHandle<Object> worker = proc.spawn("worker", new Worker());
    for (int i = 0; i < 100; i++) {
      worker.send(client, "add");
    }
    assertThat(count(worker, client)).isEqualTo(100);
    // The reply leaves before its handler's time is recorded: stop the actor to read final counts.
    stopAndWait(worker);

    Collection<MetricData> metrics = reader.collectAllMetrics();
    Attributes attributes = actorAttributes(proc, Worker.class);
    // The 100 strings and the count request.
    assertThat(longValue(metrics, "hyperactor.actor.messages.handled", attributes)).isEqualTo(101);
    var handlerTime =
        (HistogramPointData)
            point(metrics, "hyperactor.actor.handler.duration", attributes);
    assertThat(handlerTime.getCount()).isEqualTo(101);
    MetricData duration =
        metrics.stream()
            .filter(m -> m.getName().equals("hyperactor.actor.handler.duration"))
            .findFirst()
            .orElseThrow();
    assertThat(duration.getUnit()).isEqualTo("s");
  }

  @Test
  void anActorThatStoppedKeepsItsCountAndCountsASupervisionEvent() throws Exception {
    Proc proc = system.localProc("stopping");
    ClientInstance client = proc.instance("client");
    ActorHandle<Object> worker = proc.spawn("worker", new Worker());
    for (int i = 0; i < 3; i++) {
      worker.send(client, "add");
    }
    stopAndWait(worker);

    Collection<MetricData> metrics = reader.collectAllMetrics();
    Attributes attributes = actorAttributes(proc, Worker.class);
    assertThat(longValue(metrics, "hyperactor.actor.messages.handled", attributes)).isEqualTo(3);
    Attributes stopped =
        attributes.toBuilder().put(Telemetry.SUPERVISION_OUTCOME, "stopped").build();
    assertThat(longValue(metrics, "hyperactor.supervision.events", stopped)).isEqualTo(1);
  }

  @Test
  void aFailedActorCountsAFailedSupervisionEvent() throws Exception {
    Proc proc = system.localProc("failing");
    ClientInstance client = proc.instance("client");
    ActorHandle<String> failing = proc.spawn("failing", new Failing());
    failing.send(client, "told to fail");
    failing.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    Attributes failed =
        actorAttributes(proc, Failing.class)
            .toBuilder()
            .put(Telemetry.SUPERVISION_OUTCOME, "failed")
            .build();
    assertThat(longValue(reader.collectAllMetrics(), "hyperactor.supervision.events", failed))
        .isEqualTo(1);
  }

  @Test
  void anUndeliverableIsCountedWithItsKind() throws Exception {
    Proc proc = system.localProc("returning");
    ClientInstance client = proc.instance("client");
    PortReceiver<Undeliverable> returned = client.undeliverables();
    ActorRef.<String>attest(proc.procId().actorId("nobody")).send(client, "lost");
    assertThat(returned.recv(TIMEOUT).error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);

    Attributes unroutable =
        Attributes.of(
            Telemetry.PROC_ID,
            proc.procId().toString(),
            Telemetry.UNDELIVERABLE_KIND,
            "unroutable");
    assertThat(longValue(reader.collectAllMetrics(), "hyperactor.message.undeliverable", unroutable))
        .isEqualTo(1);
  }

  @Test
  void queueDepthShowsMessagesWaitingBehindABusyHandler() throws Exception {
    Proc proc = system.localProc("queueing");
    ClientInstance client = proc.instance("client");
    Worker actor = new Worker();
    ActorHandle<Object> worker = proc.spawn("worker", actor);
    worker.send(client, "block");
    assertThat(actor.blocked.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      worker.send(client, "add");
    }
    Attributes attributes = actorAttributes(proc, Worker.class);
    assertThat(longValue(reader.collectAllMetrics(), "hyperactor.actor.queue.depth", attributes))
        .isEqualTo(5);

    actor.release.countDown();
    assertThat(count(worker, client)).isEqualTo(5);
    assertThat(longValue(reader.collectAllMetrics(), "hyperactor.actor.queue.depth", attributes))
        .isEqualTo(0);
  }

  @Test
  void perActorMetricsCarryTheActorId() throws Exception {
    InMemoryMetricReader perActorReader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider =
            SdkMeterProvider.builder().registerMetricReader(perActorReader).build();
        ActorSystem perActor =
            ActorSystem.builder()
                .name("per-actor")
                .exitHook(code -> {})
                .openTelemetry(OpenTelemetrySdk.builder().setMeterProvider(provider).build())
                .perActorMetrics(true)
                .build()) {
      Proc proc = perActor.localProc("per-actor");
      ClientInstance client = proc.instance("client");
      List<ActorHandle<Object>> workers =
          List.of(proc.spawn("a", new Worker()), proc.spawn("b", new Worker()));
      workers.get(0).send(client, "add");
      assertThat(count(workers.get(0), client)).isEqualTo(1);
      assertThat(count(workers.get(1), client)).isEqualTo(0);
      for (ActorHandle<Object> worker : workers) {
        stopAndWait(worker);
      }

      Collection<MetricData> metrics = perActorReader.collectAllMetrics();
      for (int i = 0; i < 2; i++) {
        Attributes attributes =
            actorAttributes(proc, Worker.class)
                .toBuilder()
                .put(Telemetry.ACTOR_ID, workers.get(i).actorId().toString())
                .build();
        assertThat(longValue(metrics, "hyperactor.actor.messages.handled", attributes))
            .isEqualTo(i == 0 ? 2 : 1);
      }
    }
  }

  private static long sumOfHost(Collection<MetricData> metrics, String name, String host) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getData().getPoints().stream())
        .filter(p -> host.equals(p.getAttributes().get(Telemetry.HOST_ADDR)))
        .mapToLong(p -> ((LongPointData) p).getValue())
        .sum();
  }

  @Test
  void aHostCountsTheProcsItStartsAndTheirExits() throws Exception {
    Host<Object, @Nullable Void> host = system.localHost(ChannelAddr.any(ChannelTransport.LOCAL));
    String addr = host.addr().toString();
    HostedProc<Object> proc = host.spawn("counted", null);
    assertThat(sumOfHost(reader.collectAllMetrics(), "hyperactor.proc.starts", addr)).isEqualTo(1);

    host.terminateProc(proc.procId(), TIMEOUT, "test done");
    // The host counts the exit when the proc's exit future completes, on the completing thread.
    TestSupport.awaitCondition(
        () -> sumOfHost(reader.collectAllMetrics(), "hyperactor.proc.exits", addr) > 0,
        "the proc's exit counted");
    assertThat(sumOfHost(reader.collectAllMetrics(), "hyperactor.proc.exits", addr)).isEqualTo(1);
  }
}
