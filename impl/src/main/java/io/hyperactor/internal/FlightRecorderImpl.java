package io.hyperactor.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.FlightRecorder;
import io.hyperactor.RecordedEvent;
import io.hyperactor.id.ActorId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A ring of the last {@value FlightRecorder#CAPACITY} events; thread-safe. */
final class FlightRecorderImpl implements FlightRecorder {
  private static final Logger log = LoggerFactory.getLogger(FlightRecorderImpl.class);

  private final ActorId owner;
  private final ArrayDeque<RecordedEvent> events = new ArrayDeque<>();
  private final ConcurrentHashMap<Thread, ArrayDeque<String>> spans = new ConcurrentHashMap<>();

  FlightRecorderImpl(ActorId owner) {
    this.owner = owner;
  }

  @Override
  public void event(String message) {
    event(ImmutableMap.of("message", message));
  }

  @Override
  public void event(Map<String, ?> fields) {
    ImmutableMap.Builder<String, String> b = ImmutableMap.builderWithExpectedSize(fields.size());
    fields.forEach((k, v) -> b.put(k, String.valueOf(v)));
    ArrayDeque<String> open = spans.get(Thread.currentThread());
    RecordedEvent e =
        new RecordedEvent(
            Instant.now(),
            b.buildOrThrow(),
            open == null ? ImmutableList.of() : ImmutableList.copyOf(open));
    synchronized (events) {
      if (events.size() == CAPACITY) {
        events.removeFirst();
      }
      events.addLast(e);
    }
    log.debug("{}: {}", owner, e.fields());
  }

  @Override
  public Span span(String name) {
    Thread thread = Thread.currentThread();
    ArrayDeque<String> stack = spans.computeIfAbsent(thread, t -> new ArrayDeque<>());
    stack.addLast(name);
    return () -> {
      stack.pollLast();
      if (stack.isEmpty()) {
        spans.remove(thread, stack);
      }
    };
  }

  @Override
  public ImmutableList<RecordedEvent> tail() {
    synchronized (events) {
      return ImmutableList.copyOf(events);
    }
  }

  @Override
  public ImmutableList<List<String>> stacks() {
    ArrayList<List<String>> out = new ArrayList<>();
    for (ArrayDeque<String> s : spans.values()) {
      ImmutableList<String> copy = ImmutableList.copyOf(s);
      if (!copy.isEmpty()) {
        out.add(copy);
      }
    }
    return ImmutableList.copyOf(out);
  }
}
