package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.OncePortHandle;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.runtime.ActorSystem;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Trace context through message headers between actors of one proc: the handler spans, their
 * parents, and no spans for untraced messages. {@code GrpcTraceContextTest} in the gRPC transport
 * checks the same across a serializing channel.
 */
@Timeout(60)
@SuppressWarnings("try") // a span's scope is the point of its try block
class OpenTelemetryTracingTest {

  /** A message passed on to {@code next}, if any, else answered on {@code done}. */
  record Hop(@Nullable ActorHandle<Hop> next, OncePortHandle<String> done) {}

  /** Passes a hop on, or answers it; fails on a hop without a next one when told to. */
  static final class Relay implements Actor<Hop> {
    private final boolean failAtEnd;

    Relay(boolean failAtEnd) {
      this.failAtEnd = failAtEnd;
    }

    @Override
    public void handle(Context<Hop> cx, Hop hop) {
      if (hop.next() != null) {
        hop.next().send(cx, new Hop(null, hop.done()));
        return;
      }
      hop.done().send("done");
      if (failAtEnd) {
        throw new IllegalStateException("failing at the end");
      }
    }
  }

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private SdkTracerProvider tracerProvider;
  private OpenTelemetrySdk sdk;
  private ActorSystem system;

  @BeforeEach
  void start() {
    tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracerProvider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    system = ActorSystem.builder().name("tracing").exitHook(code -> {}).openTelemetry(sdk).build();
  }

  @AfterEach
  void stop() {
    system.close();
    tracerProvider.close();
  }

  private static void stopAndWait(ActorHandle<?> actor) throws Exception {
    actor.drainAndStop("test done");
    actor.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The span called {@code name} of {@code actor} (of no actor, when null). */
  private static SpanData named(List<SpanData> spans, String name, @Nullable String actor) {
    return spans.stream()
        .filter(
            s ->
                s.getName().equals(name)
                    && Objects.equals(actor, s.getAttributes().get(Telemetry.ACTOR_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " of " + actor + ": " + spans));
  }

  @Test
  void aTracedSendMakesAChainOfHandlerSpans() throws Exception {
    Proc proc = system.localProc("traced");
    ClientInstance client = proc.instance("client");
    ActorHandle<Hop> a = proc.spawn("a", new Relay(false));
    ActorHandle<Hop> b = proc.spawn("b", new Relay(false));
    OncePortReceiver<String> done = client.openOncePort();

    Span clientSpan = sdk.getTracer("test").spanBuilder("client").startSpan();
    try (Scope scope = clientSpan.makeCurrent()) {
      a.send(client, new Hop(b, done.handle()));
    } finally {
      clientSpan.end();
    }
    assertThat(done.recv(TIMEOUT)).isEqualTo("done");
    // Ends both handlers, so that both spans have ended.
    stopAndWait(a);
    stopAndWait(b);

    List<SpanData> spans = exporter.getFinishedSpanItems();
    String handle = "handle " + Hop.class.getName();
    SpanData client0 = named(spans, "client", null);
    SpanData spanA = named(spans, handle, a.actorId().toString());
    SpanData spanB = named(spans, handle, b.actorId().toString());
    assertThat(spans).hasSize(3);
    assertThat(spanA.getTraceId()).isEqualTo(client0.getTraceId());
    assertThat(spanB.getTraceId()).isEqualTo(client0.getTraceId());
    assertThat(spanA.getParentSpanId()).isEqualTo(client0.getSpanId());
    assertThat(spanB.getParentSpanId()).isEqualTo(spanA.getSpanId());
    assertThat(spanA.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(spanA.getAttributes().get(Telemetry.PROC_ID)).isEqualTo(proc.procId().toString());
    assertThat(spanA.getAttributes().get(Telemetry.MESSAGE_TYPE)).isEqualTo(Hop.class.getName());
    assertThat(spanB.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void untracedMessagesMakeNoSpans() throws Exception {
    Proc proc = system.localProc("untraced");
    ClientInstance client = proc.instance("client");
    ActorHandle<Hop> a = proc.spawn("a", new Relay(false));
    ActorHandle<Hop> b = proc.spawn("b", new Relay(false));
    OncePortReceiver<String> done = client.openOncePort();

    a.send(client, new Hop(b, done.handle()));
    assertThat(done.recv(TIMEOUT)).isEqualTo("done");
    stopAndWait(a);
    stopAndWait(b);

    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aHandlerThatThrowsEndsItsSpanWithAnError() throws Exception {
    Proc proc = system.localProc("failing");
    ClientInstance client = proc.instance("client");
    ActorHandle<Hop> failing = proc.spawn("failing", new Relay(true));
    OncePortReceiver<String> done = client.openOncePort();

    Span clientSpan = sdk.getTracer("test").spanBuilder("client").startSpan();
    try (Scope scope = clientSpan.makeCurrent()) {
      failing.send(client, new Hop(null, done.handle()));
    } finally {
      clientSpan.end();
    }
    assertThat(done.recv(TIMEOUT)).isEqualTo("done");
    failing.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    SpanData handler =
        named(
            exporter.getFinishedSpanItems(),
            "handle " + Hop.class.getName(),
            failing.actorId().toString());
    assertThat(handler.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(handler.getEvents().stream().map(e -> e.getName()).toList()).contains("exception");
  }
}
