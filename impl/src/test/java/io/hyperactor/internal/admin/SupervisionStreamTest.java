package io.hyperactor.internal.admin;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SupervisionStreamTest {

  private static MeshFailure failure(String mesh) {
    ActorSupervisionEvent event =
        ActorSupervisionEvent.of(
            ProcId.parse("local:7,p0").actorId("worker"), "worker", new ActorStatus.Stopped("done"));
    return new MeshFailure(mesh, event, List.of(0));
  }

  /** An output stream whose first write blocks until released, to stand for a stalled client. */
  private static final class StalledClient extends OutputStream {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      written.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      writing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      synchronized (this) {
        written.write(b, off, len);
      }
    }
  }

  @Test
  void aSubscriberThatFallsBehindItsBufferIsDroppedWithoutBlockingThePublisher() throws Exception {
    SupervisionStream stream =
        new SupervisionStream(JsonMapper.builder().build(), 1, Duration.ofSeconds(15));
    AdminResponse.Stream response = (AdminResponse.Stream) route(stream);
    StalledClient client = new StalledClient();
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    response.writer().write(client);
                  } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                  }
                });
    // Registered and stalled in its first write (": subscribed").
    assertThat(client.writing.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(stream.subscriberCount()).isEqualTo(1);
    stream.publish(failure("a")); // fills the buffer of one
    stream.publish(failure("b")); // does not fit: the subscriber is dropped, the call returns
    assertThat(stream.subscriberCount()).isEqualTo(0);
    client.release.countDown();
    writer.join(Duration.ofSeconds(30));
    assertThat(writer.isAlive()).isFalse();
    // Its stream ended after the subscription comment: the dropped events were never written.
    assertThat(client.written.toString(UTF_8)).isEqualTo(": subscribed\n\n");
  }

  @Test
  void eventsReachASubscriberAsSupervisionFramesAndCloseEndsTheStream() throws Exception {
    SupervisionStream stream =
        new SupervisionStream(JsonMapper.builder().build(), 8, Duration.ofSeconds(15));
    AdminResponse.Stream response = (AdminResponse.Stream) route(stream);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    response.writer().write(out);
                  } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                  }
                });
    while (stream.subscriberCount() == 0) {
      Thread.onSpinWait();
    }
    stream.publish(failure("trainers"));
    stream.close();
    writer.join(Duration.ofSeconds(30));
    assertThat(writer.isAlive()).isFalse();
    String text;
    synchronized (out) {
      text = out.toString(UTF_8);
    }
    assertThat(text).startsWith(": subscribed\n\nevent: supervision\ndata: {\"at\":\"");
    assertThat(text).contains("\"mesh\":\"trainers\"");
    assertThat(text).contains("\"actorId\":\"local:7,p0,worker[0]\"");
    assertThat(text).contains("\"ranks\":[0],\"status\":\"stopped\"");
    assertThat(text).endsWith("\n\n");
  }

  private static AdminResponse route(SupervisionStream stream) throws Exception {
    Router router = new Router();
    stream.register(router);
    Router.Match match = router.route("GET", Router.segments("/v1/events"), "/v1/events");
    return match.route().handler().handle(
        new AdminRequest("GET", "/v1/events", com.google.common.collect.ImmutableMap.of(),
            com.google.common.collect.ImmutableMap.of(), null));
  }
}
