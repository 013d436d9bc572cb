package io.hyperactor.internal.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events}: the supervision events the runtime's meshes report, as Server-Sent
 * Events ({@code event: supervision}, {@code data: <SupervisionEvent JSON>}), with a {@code :
 * keepalive} comment whenever the stream was quiet for the keepalive interval.
 *
 * <p>Each subscriber has a bounded buffer. {@link #publish} only offers to the buffers, so the
 * mesh that reports never waits: a subscriber whose buffer is full is dropped (its stream ends,
 * with a log line naming it) rather than slowing the others. A new stream starts with a {@code :
 * subscribed} comment, sent once the subscriber is registered, so a client that has read it sees
 * every later event. Thread-safe.
 */
final class SupervisionStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SupervisionStream.class);
  /** Marks the end of a subscriber's stream in its buffer. */
  private static final String END = "";

  private final ObjectMapper json;
  private final int bufferSize;
  private final Duration keepalive;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean closed;

  private record Subscriber(long id, BlockingQueue<String> buffer) {}

  SupervisionStream(ObjectMapper json, int bufferSize, Duration keepalive) {
    this.json = json;
    this.bufferSize = bufferSize;
    this.keepalive = keepalive;
  }

  void register(Router router) {
    router.get("/v1/events", Router.Kind.API, r -> open());
  }

  /** The event as the API shows it. */
  static AdminJson.SupervisionEvent toJson(MeshFailure failure) {
    ActorSupervisionEvent event = failure.event();
    return new AdminJson.SupervisionEvent(
        event.occurredAt().toString(),
        failure.actorMeshName(),
        event.actorId().procId().toString(),
        event.actorId().toString(),
        failure.crashedRanks(),
        event.actorStatus().arm(),
        failure.toString());
  }

  /** Hands {@code failure} to every subscriber without waiting. */
  void publish(MeshFailure failure) {
    String frame;
    try {
      frame =
          "event: supervision\ndata: " + json.writeValueAsString(toJson(failure)) + "\n\n";
    } catch (JsonProcessingException e) {
      log.warn("cannot write supervision event {} as JSON", failure, e);
      return;
    }
    for (Subscriber s : subscribers) {
      if (!s.buffer().offer(frame)) {
        log.warn(
            "mesh admin: dropping event stream subscriber {}: it fell {} events behind",
            s.id(),
            bufferSize);
        end(s);
      }
    }
  }

  int subscriberCount() {
    return subscribers.size();
  }

  /** Drops a subscriber that fell behind: what it has not read yet is discarded. */
  private void end(Subscriber s) {
    subscribers.remove(s);
    s.buffer().clear();
    s.buffer().offer(END);
  }

  /** Ends a subscriber's stream after what it was already given. */
  private void finish(Subscriber s) {
    subscribers.remove(s);
    if (!s.buffer().offer(END)) {
      end(s);
    }
  }

  private AdminResponse open() throws AdminException {
    if (closed) {
      throw new AdminException(503, "the admin server is closing");
    }
    Subscriber s = new Subscriber(ids.incrementAndGet(), new ArrayBlockingQueue<>(bufferSize));
    return new AdminResponse.Stream(
        "text/event-stream; charset=utf-8", out -> stream(s, out));
  }

  private void stream(Subscriber s, OutputStream out) throws IOException, InterruptedException {
    subscribers.add(s);
    try {
      if (closed) {
        return;
      }
      write(out, ": subscribed\n\n");
      while (true) {
        String frame = s.buffer().poll(keepalive.toNanos(), TimeUnit.NANOSECONDS);
        if (frame == null) {
          write(out, ": keepalive\n\n");
        } else if (frame.equals(END)) {
          return;
        } else {
          write(out, frame);
        }
      }
    } finally {
      subscribers.remove(s);
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(UTF_8));
    out.flush();
  }

  /** Ends every stream once it has written the events it was already given. */
  @Override
  public void close() {
    closed = true;
    for (Subscriber s : subscribers) {
      finish(s);
    }
  }
}
