package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The headers a handler reads are those of the message it is handling. */
class MessageHeadersTest {
  @AfterEach
  void tearDown() {
    TestSupport.destroyAll();
  }

  /** Records what each handler saw of its message's headers. */
  private static final class Recorder implements Actor<String> {
    final LinkedBlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<String> cx, String message) {
      seen.add(ImmutableMap.copyOf(cx.headers()));
    }
  }

  @Test
  void aHandlerSeesItsOwnMessagesHeadersAndNoneLeftByAnEarlierOne() throws Exception {
    Proc proc = TestSupport.proc();
    Recorder recorder = new Recorder();
    ActorHandle<String> actor = proc.spawn("headers", recorder);
    // Plain first: an actor that never had a message with headers reads none.
    actor.send("plain");
    assertThat(take(recorder)).isEmpty();
    proc.post(
        new MessageEnvelope(
            proc.procId().actorId("client"),
            actor.actorId().portId(PortId.HANDLER_INDEX),
            ImmutableMap.of("k", "v"),
            "headed",
            SeqInfo.DIRECT,
            8,
            true));
    assertThat(take(recorder)).containsExactly("k", "v");
    // The next message has none, and its handler must not see the last one's.
    actor.send("plain again");
    assertThat(take(recorder)).isEmpty();
  }

  private static Map<String, String> take(Recorder recorder) throws InterruptedException {
    Map<String, String> seen =
        recorder.seen.poll(TestSupport.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(seen).isNotNull();
    return seen;
  }
}
