package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.id.ActorId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ActorSystem;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Trace context crosses a real channel in the envelope headers: two actor systems in this JVM,
 * each with a proc served on TCP, reach each other only through encoded envelopes on gRPC links
 * (a system reaches only its own procs in-JVM). The client on the first system sends to actor A on
 * the second, A forwards to actor B back on the first: both hops are encoded, sent and decoded.
 */
@Timeout(60)
@SuppressWarnings("try") // a span's scope is the point of its try block
class GrpcTraceContextTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AttributeKey<String> ACTOR_ID = AttributeKey.stringKey("hyperactor.actor.id");

  /** Forwards every string to {@code next}. */
  static final class Forwarder implements Actor<String> {
    private final ActorRef<String> next;

    Forwarder(ActorRef<String> next) {
      this.next = next;
    }

    @Override
    public void handle(Context<String> cx, String message) {
      next.send(cx, message + " forwarded");
    }
  }

  /** Completes {@code received} with the headers of the first message it handles. */
  static final class Sink implements Actor<String> {
    final CompletableFuture<Map<String, String>> received = new CompletableFuture<>();

    @Override
    public void handle(Context<String> cx, String message) {
      received.complete(cx.headers());
    }
  }

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private SdkTracerProvider tracerProvider;
  private OpenTelemetrySdk sdk;
  private ActorSystem first;
  private ActorSystem second;

  @BeforeEach
  void start() {
    tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracerProvider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    first = ActorSystem.builder().name("first").exitHook(code -> {}).openTelemetry(sdk).build();
    second = ActorSystem.builder().name("second").exitHook(code -> {}).openTelemetry(sdk).build();
  }

  @AfterEach
  void stop() {
    second.close();
    first.close();
    tracerProvider.close();
  }

  private static void stopAndWait(ActorHandle<?> actor) throws Exception {
    actor.drainAndStop("test done");
    actor.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static SpanData spanOf(List<SpanData> spans, String name, @Nullable ActorId actor) {
    String id = actor == null ? null : actor.toString();
    return spans.stream()
        .filter(s -> s.getName().equals(name) && Objects.equals(id, s.getAttributes().get(ACTOR_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " of " + actor + ": " + spans));
  }

  /** Spawns B on a proc of the first system and A, forwarding to B, on one of the second. */
  private record Pair(ActorHandle<String> a, Sink sink, ActorHandle<String> b) {}

  private Pair spawnPair() {
    Proc procTwo = first.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "two");
    Proc procOne = second.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "one");
    Sink sink = new Sink();
    ActorHandle<String> b = procTwo.spawn("b", sink);
    ActorHandle<String> a = procOne.spawn("a", new Forwarder(b.bind()));
    return new Pair(a, sink, b);
  }

  @Test
  void oneTraceSpansTheClientAndBothHandlersAcrossTheChannel() throws Exception {
    Pair pair = spawnPair();
    ClientInstance client = first.client();

    Span clientSpan = sdk.getTracer("test").spanBuilder("client").startSpan();
    try (Scope scope = clientSpan.makeCurrent()) {
      // A ref, not the handle: the message leaves through the client's proc and its channel.
      pair.a().bind().send(client, "hello");
    } finally {
      clientSpan.end();
    }
    Map<String, String> headers = pair.sink().received.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(headers).containsKey("traceparent");
    // Ends both handlers, so that both spans have ended.
    stopAndWait(pair.a());
    stopAndWait(pair.b());

    List<SpanData> spans = exporter.getFinishedSpanItems();
    String handle = "handle " + String.class.getName();
    SpanData clientData = spanOf(spans, "client", null);
    SpanData spanA = spanOf(spans, handle, pair.a().actorId());
    SpanData spanB = spanOf(spans, handle, pair.b().actorId());
    assertThat(spans).hasSize(3);
    assertThat(spanA.getTraceId()).isEqualTo(clientData.getTraceId());
    assertThat(spanB.getTraceId()).isEqualTo(clientData.getTraceId());
    assertThat(spanA.getParentSpanId()).isEqualTo(clientData.getSpanId());
    assertThat(spanB.getParentSpanId()).isEqualTo(spanA.getSpanId());
    assertThat(headers.get("traceparent")).contains(spanA.getSpanId());
  }

  @Test
  void untracedMessagesAcrossTheChannelMakeNoSpans() throws Exception {
    Pair pair = spawnPair();
    pair.a().bind().send(first.client(), "hello");
    Map<String, String> headers = pair.sink().received.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(headers).doesNotContainKey("traceparent");
    stopAndWait(pair.a());
    stopAndWait(pair.b());

    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }
}
