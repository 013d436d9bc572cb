package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.DeliveryError;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.id.ActorId;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry instruments and trace propagation of one actor system, over the {@link
 * OpenTelemetry} the application gave it.
 *
 * <p>Counts the runtime keeps anyway (messages handled, queue depth) are exported through
 * asynchronous instruments that each proc fills from its actors when a reader collects ({@link
 * ProcMetrics}), so the send and handle paths record nothing for them. The handler-time histogram
 * is recorded per message, and only when metrics are on. With {@link OpenTelemetry#noop()} both
 * {@link #metricsOn()} and {@link #tracingOn()} are false and the runtime skips all of it.
 *
 * <p>Trace context travels in envelope headers ({@code traceparent}, {@code tracestate} with the
 * W3C propagator), injected and extracted with the instance's own propagators. Thread-safe.
 */
public final class Telemetry {
  /** The instrumentation scope of every instrument and span the runtime makes. */
  public static final String SCOPE = "io.hyperactor";

  // The attributes of the runtime's instruments and spans (docs/operations.md, Telemetry).

  public static final AttributeKey<String> PROC_ID = AttributeKey.stringKey("hyperactor.proc.id");
  public static final AttributeKey<String> ACTOR_TYPE =
      AttributeKey.stringKey("hyperactor.actor.type");
  public static final AttributeKey<String> ACTOR_ID = AttributeKey.stringKey("hyperactor.actor.id");
  public static final AttributeKey<String> MESSAGE_TYPE =
      AttributeKey.stringKey("hyperactor.message.type");
  public static final AttributeKey<String> UNDELIVERABLE_KIND =
      AttributeKey.stringKey("hyperactor.undeliverable.kind");
  public static final AttributeKey<String> SUPERVISION_OUTCOME =
      AttributeKey.stringKey("hyperactor.supervision.outcome");
  public static final AttributeKey<String> PROC_EXIT = AttributeKey.stringKey("hyperactor.proc.exit");
  public static final AttributeKey<Long> PROC_EXIT_CODE = AttributeKey.longKey("process.exit.code");
  public static final AttributeKey<String> HOST_ADDR = AttributeKey.stringKey("hyperactor.host.addr");
  public static final AttributeKey<String> LINK_PEER = AttributeKey.stringKey("hyperactor.link.peer");

  /** The W3C trace context header. */
  static final String TRACEPARENT = "traceparent";

  /** Handler times run from microseconds to seconds; the SDK's default buckets assume millis. */
  private static final List<Double> HANDLER_SECONDS_BUCKETS =
      List.of(
          0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  private static final TextMapSetter<Map<String, String>> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.put(key, value);
        }
      };

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private static final Telemetry DISABLED = new Telemetry(OpenTelemetry.noop(), false);

  private final OpenTelemetry openTelemetry;
  private final boolean metricsOn;
  private final boolean tracingOn;
  private final boolean perActor;
  private final TextMapPropagator propagator;
  /** The header whose presence marks a message with trace context: W3C's, when propagated. */
  private final String contextHeader;
  private final Tracer tracer;
  private final Meter meter;
  private final DoubleHistogram handlerDuration;
  private final LongCounter undeliverable;
  private final LongCounter supervisionEvents;
  private final LongCounter linkReconnects;
  private final LongCounter procStarts;
  private final LongCounter procExits;
  private final ObservableLongMeasurement messagesHandled;
  private final ObservableLongMeasurement queueDepth;

  private Telemetry(OpenTelemetry openTelemetry, boolean perActor) {
    this.openTelemetry = openTelemetry;
    this.perActor = perActor;
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.contextHeader =
        propagator.fields().contains(TRACEPARENT) || propagator.fields().isEmpty()
            ? TRACEPARENT
            : propagator.fields().iterator().next();
    this.metricsOn = openTelemetry.getMeterProvider() != MeterProvider.noop();
    // A propagating instance without a tracer still carries the caller's context along.
    this.tracingOn = propagator != TextMapPropagator.noop();
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.meter = openTelemetry.getMeter(SCOPE);
    this.handlerDuration =
        meter
            .histogramBuilder("hyperactor.actor.handler.duration")
            .setDescription("Time an actor's handler took for one message.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(HANDLER_SECONDS_BUCKETS)
            .build();
    this.undeliverable =
        meter
            .counterBuilder("hyperactor.message.undeliverable")
            .setDescription("Messages returned to their sender as undeliverable, by kind.")
            .setUnit("{message}")
            .build();
    this.supervisionEvents =
        meter
            .counterBuilder("hyperactor.supervision.events")
            .setDescription("Supervision events: one per actor that stopped or failed.")
            .setUnit("{event}")
            .build();
    this.linkReconnects =
        meter
            .counterBuilder("hyperactor.link.reconnects")
            .setDescription("Times a channel link connected again after losing its connection.")
            .setUnit("{reconnect}")
            .build();
    this.procStarts =
        meter
            .counterBuilder("hyperactor.proc.starts")
            .setDescription("Procs a host started.")
            .setUnit("{proc}")
            .build();
    this.procExits =
        meter
            .counterBuilder("hyperactor.proc.exits")
            .setDescription("Procs of a host that ended, by how they ended.")
            .setUnit("{proc}")
            .build();
    this.messagesHandled =
        meter
            .counterBuilder("hyperactor.actor.messages.handled")
            .setDescription("Messages an actor's handler ran for.")
            .setUnit("{message}")
            .buildObserver();
    this.queueDepth =
        meter
            .gaugeBuilder("hyperactor.actor.queue.depth")
            .ofLongs()
            .setDescription("Messages queued for an actor and not yet taken.")
            .setUnit("{message}")
            .buildObserver();
  }

  /**
   * The telemetry of {@code openTelemetry}; with {@code perActor}, actor metrics carry each
   * actor's id as well as its type (one series per actor: for few, long-lived actors only).
   */
  public static Telemetry of(OpenTelemetry openTelemetry, boolean perActor) {
    checkNotNull(openTelemetry, "openTelemetry");
    if (openTelemetry == OpenTelemetry.noop()) {
      return DISABLED;
    }
    return new Telemetry(openTelemetry, perActor);
  }

  /** Telemetry that records and propagates nothing. */
  public static Telemetry disabled() {
    return DISABLED;
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Whether the instance exports metrics (its meter provider is not the no-op one). */
  public boolean metricsOn() {
    return metricsOn;
  }

  /** Whether the instance propagates trace context (its propagator is not the no-op one). */
  public boolean tracingOn() {
    return tracingOn;
  }

  boolean perActor() {
    return perActor;
  }

  Meter meter() {
    return meter;
  }

  ObservableLongMeasurement messagesHandled() {
    return messagesHandled;
  }

  ObservableLongMeasurement queueDepth() {
    return queueDepth;
  }

  // ------------------------------------------------------------------ metrics

  /** The attributes of an actor's metrics: its proc and type, and its id when per actor. */
  Attributes actorAttributes(String procId, String actorType, ActorId actorId) {
    return perActor
        ? Attributes.of(PROC_ID, procId, ACTOR_TYPE, actorType, ACTOR_ID, actorId.toString())
        : Attributes.of(PROC_ID, procId, ACTOR_TYPE, actorType);
  }

  void recordHandler(long nanos, Attributes attributes) {
    handlerDuration.record(nanos / 1e9, attributes);
  }

  /** Counts a message that {@code procId} returned as undeliverable with {@code kind}. */
  public void undeliverable(String procId, DeliveryError.Kind kind) {
    if (metricsOn) {
      undeliverable.add(1, Attributes.of(PROC_ID, procId, UNDELIVERABLE_KIND, kindName(kind)));
    }
  }

  static String kindName(DeliveryError.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  void supervisionEvent(Attributes actor, boolean failed) {
    if (metricsOn) {
      supervisionEvents.add(
          1,
          actor.toBuilder().put(SUPERVISION_OUTCOME, failed ? "failed" : "stopped").build());
    }
  }

  /**
   * Counts a link that connected again after losing its connection; {@code peer} says which side
   * the link dials ({@code server}, or {@code client} for a server's half of a duplex link).
   */
  public void linkReconnected(String peer) {
    if (metricsOn) {
      linkReconnects.add(1, Attributes.of(LINK_PEER, peer));
    }
  }

  /** Counts a proc that a host started and reported ready. */
  public void procStarted(String host) {
    if (metricsOn) {
      procStarts.add(1, Attributes.of(HOST_ADDR, host));
    }
  }

  /** Counts a proc of a host that ended with {@code status}. */
  public void procExited(String host, ProcStatus status) {
    if (!metricsOn) {
      return;
    }
    Attributes attributes =
        switch (status) {
          case ProcStatus.Stopped s ->
              Attributes.of(
                  HOST_ADDR, host, PROC_EXIT, "stopped", PROC_EXIT_CODE, (long) s.exitCode());
          case ProcStatus.Killed k -> Attributes.of(HOST_ADDR, host, PROC_EXIT, "killed");
          case ProcStatus.Failed f -> Attributes.of(HOST_ADDR, host, PROC_EXIT, "failed");
          default -> Attributes.of(HOST_ADDR, host, PROC_EXIT, "other");
        };
    procExits.add(1, attributes);
  }

  // ------------------------------------------------------------------ tracing

  /**
   * {@code headers} with the calling thread's trace context added, or {@code headers} itself when
   * the thread has no valid span context or the headers carry a context already (a relayed
   * message keeps its sender's).
   */
  ImmutableMap<String, String> inject(ImmutableMap<String, String> headers) {
    Context current = Context.current();
    if (!Span.fromContext(current).getSpanContext().isValid()
        || headers.containsKey(contextHeader)) {
      return headers;
    }
    Map<String, String> added = new HashMap<>(4);
    propagator.inject(current, added, SETTER);
    if (added.isEmpty()) {
      return headers;
    }
    return ImmutableMap.<String, String>builderWithExpectedSize(headers.size() + added.size())
        .putAll(headers)
        .putAll(added)
        .buildKeepingLast();
  }

  /**
   * Starts the span of a handler for a message that carries trace context in {@code headers}, as
   * a child of that context; null when it carries none.
   */
  @Nullable Span startHandlerSpan(
      ImmutableMap<String, String> headers, Object message, ActorId actor, String procId) {
    if (!headers.containsKey(contextHeader)) {
      return null;
    }
    Context parent = propagator.extract(Context.root(), headers, GETTER);
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return null;
    }
    String type = message.getClass().getName();
    return tracer
        .spanBuilder("handle " + type)
        .setParent(parent)
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(ACTOR_ID, actor.toString())
        .setAttribute(PROC_ID, procId)
        .setAttribute(MESSAGE_TYPE, type)
        .startSpan();
  }

  /** Ends a handler span, with an error status when the handler threw {@code failure}. */
  static void endHandlerSpan(Span span, @Nullable Throwable failure) {
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    }
    span.end();
  }
}
