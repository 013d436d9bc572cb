package io.hyperactor.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.AskTimeoutException;
import io.hyperactor.Context;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.testkit.HyperactorTestKit;
import io.hyperactor.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ask}: a reply, a timeout, an undeliverable request, and many asks from actors at once. */
class AskTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension static final HyperactorTestKit kit = HyperactorTestKit.builder().manualTime().build();

  /** Asks for a value; {@code Silent} swallows it. */
  sealed interface StoreMsg permits Get, Silent {}

  record Get(String key, OncePortRef<String> reply) implements StoreMsg {}

  record Silent(OncePortRef<String> reply) implements StoreMsg {}

  static final class Store implements Actor<StoreMsg> {
    @Override
    public void handle(Context<StoreMsg> cx, StoreMsg message) {
      switch (message) {
        case Get g -> g.reply().send(cx, "value of " + g.key());
        case Silent s -> {}
      }
    }
  }

  @Test
  void a_reply_completes_the_future() throws Exception {
    ActorHandle<StoreMsg> store = kit.proc().spawn("store", new Store());
    CompletableFuture<String> reply = store.ask(kit.client(), r -> new Get("k", r), TIMEOUT);
    assertThat(reply.get(30, TimeUnit.SECONDS)).isEqualTo("value of k");
  }

  @Test
  void no_reply_within_the_timeout_fails_with_an_ask_timeout() throws Exception {
    ActorHandle<StoreMsg> store = kit.proc().spawn("store", new Store());
    // Replies come in order per sender, so once Get is answered Silent has been handled.
    CompletableFuture<String> silent =
        store.ask(kit.client(), Silent::new, Duration.ofSeconds(5));
    assertThat(store.<String>ask(kit.client(), r -> new Get("k", r), TIMEOUT).get(30, TimeUnit.SECONDS))
        .isEqualTo("value of k");
    assertThat(silent.isDone()).isFalse();

    kit.clock().advance(Duration.ofSeconds(5));

    ExecutionException e = assertThrows(ExecutionException.class, () -> silent.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause()).isInstanceOf(AskTimeoutException.class);
    AskTimeoutException timeout = (AskTimeoutException) e.getCause();
    assertThat(timeout.target()).isEqualTo(store.actorId());
    assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(timeout).hasMessageThat().contains("no reply from " + store.actorId());
  }

  @Test
  void a_late_reply_after_the_timeout_is_logged_and_dropped() throws Exception {
    TestProbe<StoreMsg> requests = kit.createProbe(StoreMsg.class);
    CompletableFuture<String> reply =
        requests.ref().ask(kit.client(), r -> new Get("k", r), Duration.ofSeconds(1));
    Get request = requests.expectMessage(Get.class, TIMEOUT);
    kit.clock().advance(Duration.ofSeconds(1));
    assertThrows(ExecutionException.class, () -> reply.get(30, TimeUnit.SECONDS));

    request.reply().send(kit.client(), "too late");

    awaitLogged("a reply arrived after the ask failed");
    assertThat(reply.isCompletedExceptionally()).isTrue();
  }

  @Test
  void a_request_to_a_stopped_actor_comes_back_and_fails_the_ask() throws Exception {
    ActorHandle<StoreMsg> store = kit.proc().spawn("store", new Store());
    store.drainAndStop("gone");
    store.termination().get(30, TimeUnit.SECONDS);

    CompletableFuture<String> reply = store.ask(kit.client(), r -> new Get("k", r), TIMEOUT);

    ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause()).isInstanceOf(UndeliverableMessageException.class);
    UndeliverableMessageException u = (UndeliverableMessageException) e.getCause();
    assertThat(u.undeliverable().envelope().dest().actorId()).isEqualTo(store.actorId());
    assertThat(u).hasMessageThat().contains("stopped");
  }

  @Test
  void an_actor_whose_ask_comes_back_is_not_failed_by_it() throws Exception {
    ActorHandle<StoreMsg> gone = kit.proc().spawn("gone", new Store());
    gone.drainAndStop("gone");
    gone.termination().get(30, TimeUnit.SECONDS);
    TestProbe<String> outcomes = kit.createProbe(String.class);
    ActorHandle<String> asker = kit.proc().spawn("asker", new Asker(gone.bind(), outcomes.ref()));

    asker.send(kit.client(), "k");

    assertThat(outcomes.expectMessage(TIMEOUT)).startsWith("failed: ");
    asker.send(kit.client(), "k2");
    assertThat(outcomes.expectMessage(TIMEOUT)).startsWith("failed: ");
    assertThat(asker.status().isTerminal()).isFalse();
  }

  /** Asks a store for each key it receives and reports the outcome, handled as its own message. */
  static final class Asker implements Actor<String> {
    private final ActorRef<StoreMsg> store;
    private final ActorRef<String> report;

    Asker(ActorRef<StoreMsg> store, ActorRef<String> report) {
      this.store = store;
      this.report = report;
    }

    @Override
    public void handle(Context<String> cx, String message) {
      if (message.startsWith("ok: ") || message.startsWith("failed: ")) {
        report.send(cx, message);
        return;
      }
      cx.pipeToSelf(
          store.<String>ask(cx, r -> new Get(message, r), TIMEOUT),
          (value, error) -> error == null ? "ok: " + value : "failed: " + error);
    }
  }

  @Test
  void ten_thousand_concurrent_asks_from_inside_actors_all_complete() throws Exception {
    ActorHandle<StoreMsg> store = kit.proc().spawn("store", new Store());
    int askers = 100;
    int asksEach = 100;
    TestProbe<Integer> done = kit.createProbe(Integer.class);
    List<ActorHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < askers; i++) {
      handles.add(kit.proc().spawn("asker" + i, new ManyAsks(store.bind(), asksEach, done.ref())));
    }
    for (ActorHandle<Integer> h : handles) {
      h.send(kit.client(), -1);
    }
    // Every asker reports how many of its asks were answered correctly once all have completed.
    List<Integer> answered = done.receiveN(askers, Duration.ofSeconds(120));
    assertThat(answered).containsExactlyElementsIn(java.util.Collections.nCopies(askers, asksEach));
  }

  /**
   * Issues {@code count} asks at once when started (message -1), pipes each reply back, and
   * reports the number of correct replies when all are in.
   */
  static final class ManyAsks implements Actor<Integer> {
    private final ActorRef<StoreMsg> store;
    private final int count;
    private final ActorRef<Integer> report;
    private int correct;
    private int completed;

    ManyAsks(ActorRef<StoreMsg> store, int count, ActorRef<Integer> report) {
      this.store = store;
      this.count = count;
      this.report = report;
    }

    @Override
    public void handle(Context<Integer> cx, Integer message) {
      if (message == -1) {
        for (int i = 0; i < count; i++) {
          String key = cx.selfId().name() + "/" + i;
          cx.pipeToSelf(
              store.<String>ask(cx, r -> new Get(key, r), TIMEOUT),
              (value, error) -> ("value of " + key).equals(value) ? 1 : 0);
        }
        return;
      }
      correct += message;
      if (++completed == count) {
        report.send(cx, correct);
      }
    }
  }

  private static void awaitLogged(String fragment) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (kit.logs().messages().stream().noneMatch(m -> m.contains(fragment))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing logged containing '" + fragment + "': " + kit.logs().messages());
      }
      Thread.sleep(10);
    }
  }

}
