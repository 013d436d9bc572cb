package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.proc;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.OncePortHandle;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The actor loop's telemetry: the SLF4J MDC during handlers and the JFR handler event. */
@Timeout(60)
class ActorTelemetryTest {

  /** Logs a line, optionally sleeps, then passes the message on or replies. */
  static final class Talker implements Actor<Talker.Say> {
    private static final Logger log = LoggerFactory.getLogger(Talker.class);

    record Say(
        String line,
        long sleepMillis,
        @Nullable ActorHandle<Say> then,
        OncePortHandle<Boolean> done) {}

    @Override
    public void handle(Context<Say> cx, Say say) throws Exception {
      log.info(say.line());
      Thread.sleep(say.sleepMillis());
      if (say.then() != null) {
        say.then().send(cx, new Say(say.line() + " then", 0, null, say.done()));
      } else {
        say.done().send(true);
      }
    }
  }

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  private static Map<String, String> mdcOf(List<ILoggingEvent> events, String line) {
    return events.stream()
        .filter(e -> e.getFormattedMessage().equals(line))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no log line '" + line + "' in " + events))
        .getMDCPropertyMap();
  }

  @Test
  void handlerLogLinesCarryActorProcAndRank() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Talker.Say> ranked = Procs.spawnRanked(proc, "ranked", new Talker(), 3);
    ActorHandle<Talker.Say> plain = proc.spawn("plain", new Talker());
    try (LogCapture logs = LogCapture.of(Talker.class)) {
      OncePortReceiver<Boolean> done = client.openOncePort();
      // The ranked actor's handler sends to the plain one, whose activation then usually runs
      // next on the same pool worker: it must see its own entries and no rank.
      ranked.send(client, new Talker.Say("from ranked", 0, plain, done.handle()));
      assertThat(done.recv(TIMEOUT)).isTrue();
      Talker.log.info("outside any handler");

      List<ILoggingEvent> events = logs.events();
      String procId = proc.procId().toString();
      assertThat(mdcOf(events, "from ranked"))
          .containsExactly(
              ActorMdc.ACTOR_KEY, ranked.actorId().toString(),
              ActorMdc.PROC_KEY, procId,
              ActorMdc.RANK_KEY, "3");
      assertThat(mdcOf(events, "from ranked then"))
          .containsExactly(
              ActorMdc.ACTOR_KEY, plain.actorId().toString(), ActorMdc.PROC_KEY, procId);
      assertThat(mdcOf(events, "outside any handler")).isEmpty();
    }
  }

  /** Changes or removes the proc's MDC entry in its handler, then passes the message on. */
  static final class ProcKeyTamperer implements Actor<Talker.Say> {
    @Override
    public void handle(Context<Talker.Say> cx, Talker.Say say) {
      if (say.line().startsWith("remove")) {
        MDC.remove(ActorMdc.PROC_KEY);
      } else {
        MDC.put(ActorMdc.PROC_KEY, "changed by a handler");
      }
      say.then().send(cx, new Talker.Say(say.line(), 0, null, say.done()));
    }
  }

  @Test
  void anActivationAfterAHandlerThatChangedTheProcEntryHasItsProcAgain() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Talker.Say> tamperer = proc.spawn("tamperer", new ProcKeyTamperer());
    ActorHandle<Talker.Say> plain = proc.spawn("plain", new Talker());
    try (LogCapture logs = LogCapture.of(Talker.class)) {
      // The talker's activation usually runs next on the worker whose entries the tamperer's
      // handler changed, in the same task: it must not take the entry left there for its own.
      for (String line : List.of("remove the entry", "overwrite the entry")) {
        OncePortReceiver<Boolean> done = client.openOncePort();
        tamperer.send(client, new Talker.Say(line, 0, plain, done.handle()));
        assertThat(done.recv(TIMEOUT)).isTrue();
      }
      List<ILoggingEvent> events = logs.events();
      for (String line : List.of("remove the entry", "overwrite the entry")) {
        assertThat(mdcOf(events, line))
            .containsExactly(
                ActorMdc.ACTOR_KEY, plain.actorId().toString(),
                ActorMdc.PROC_KEY, proc.procId().toString());
      }
    }
  }

  /** Spawns a talker child and hands it the message. */
  static final class Spawner implements Actor<Talker.Say> {
    @Override
    public void handle(Context<Talker.Say> cx, Talker.Say say) {
      cx.spawn(new Talker()).send(cx, say);
    }
  }

  @Test
  void aChildOfARankedActorLogsWithItsParentsRank() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Talker.Say> ranked = Procs.spawnRanked(proc, "spawner", new Spawner(), 4);
    try (LogCapture logs = LogCapture.of(Talker.class)) {
      OncePortReceiver<Boolean> done = client.openOncePort();
      ranked.send(client, new Talker.Say("from the child", 0, null, done.handle()));
      assertThat(done.recv(TIMEOUT)).isTrue();

      Map<String, String> mdc = mdcOf(logs.events(), "from the child");
      assertThat(mdc).containsEntry(ActorMdc.RANK_KEY, "4");
      assertThat(mdc.get(ActorMdc.ACTOR_KEY)).isNotEqualTo(ranked.actorId().toString());
    }
  }

  /** Replies with the thread its handler runs on. */
  static final class WhereAmI implements Actor<OncePortHandle<Thread>> {
    @Override
    public void handle(Context<OncePortHandle<Thread>> cx, OncePortHandle<Thread> reply) {
      reply.send(Thread.currentThread());
    }
  }

  @Test
  void aPoolWorkerIsCleanAfterAnActivation() throws Exception {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    // One worker: the task below runs on the thread that ran the activation, after it.
    config.set(HyperactorAttrs.DISPATCHER_PARALLELISM, 1L);
    RuntimeServices services = TestServices.create(config);
    Proc proc = Procs.local(services, "one-worker", TestServices.NO_EXIT);
    try {
      ClientInstance client = proc.instance("client");
      ActorHandle<OncePortHandle<Thread>> ranked =
          Procs.spawnRanked(proc, "ranked", new WhereAmI(), 2);
      OncePortReceiver<Thread> where = client.openOncePort();
      ranked.send(client, where.handle());
      Thread worker = where.recv(TIMEOUT);
      assertThat(worker).isInstanceOf(ForkJoinWorkerThread.class);
      ForkJoinPool pool = ((ForkJoinWorkerThread) worker).getPool();
      CompletableFuture<Thread> ranOn = new CompletableFuture<>();
      CompletableFuture<@Nullable Map<String, String>> seen = new CompletableFuture<>();
      pool.execute(
          () -> {
            ranOn.complete(Thread.currentThread());
            seen.complete(MDC.getCopyOfContextMap());
          });
      assertThat(ranOn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isSameInstanceAs(worker);
      Map<String, String> after = seen.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(after == null ? Map.of() : after).isEmpty();
    } finally {
      proc.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
      services.close();
    }
  }

  @Test
  void activationRestoresThePreviousMdc() {
    ActorId id = proc().procId().actorId("restored");
    ActorMdc mdc = new ActorMdc(id, id.procId().toString(), "7");
    MDC.put(ActorMdc.ACTOR_KEY, "outer");
    try {
      mdc.enter();
      assertThat(MDC.getCopyOfContextMap())
          .containsExactly(
              ActorMdc.ACTOR_KEY, id.toString(),
              ActorMdc.PROC_KEY, id.procId().toString(),
              ActorMdc.RANK_KEY, "7");
      mdc.exit();
      assertThat(MDC.getCopyOfContextMap()).containsExactly(ActorMdc.ACTOR_KEY, "outer");
    } finally {
      MDC.clear();
    }
    ActorMdc unranked = new ActorMdc(id, id.procId().toString(), null);
    MDC.put(ActorMdc.RANK_KEY, "9");
    try {
      unranked.enter();
      assertThat(MDC.get(ActorMdc.RANK_KEY)).isNull();
      unranked.exit();
      assertThat(MDC.getCopyOfContextMap()).containsExactly(ActorMdc.RANK_KEY, "9");
    } finally {
      MDC.clear();
    }
  }

  @Test
  void slowHandlerIsRecordedAsJfrEvent(@TempDir Path dir) throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Talker.Say> slow = proc.spawn("slow", new Talker());
    Path file = dir.resolve("handlers.jfr");
    try (Recording recording = new Recording()) {
      recording.enable(HandlerEvent.NAME).withThreshold(Duration.ZERO);
      recording.start();
      OncePortReceiver<Boolean> done = client.openOncePort();
      slow.send(client, new Talker.Say("sleeping", 50, null, done.handle()));
      assertThat(done.recv(TIMEOUT)).isTrue();
      // The reply is sent from inside the handler: wait for the handler to return.
      TestSupport.awaitCondition(
          () -> slow.status() instanceof io.hyperactor.supervision.ActorStatus.Idle,
          "the slow actor to go idle");
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> handlers =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals(HandlerEvent.NAME))
            .filter(e -> e.getString("actor").equals(slow.actorId().toString()))
            .toList();
    assertThat(handlers).hasSize(1);
    RecordedEvent event = handlers.get(0);
    assertThat(event.getString("messageType")).isEqualTo(Talker.Say.class.getName());
    assertThat(event.getDuration()).isAtLeast(Duration.ofMillis(50));
  }

  @Test
  void handlerEventIsEnabledByDefaultWithTenMillisecondThreshold() {
    EventType type = EventType.getEventType(HandlerEvent.class);
    assertThat(type.getName()).isEqualTo(HandlerEvent.NAME);
    ImmutableMap.Builder<String, String> defaults = ImmutableMap.builder();
    for (SettingDescriptor setting : type.getSettingDescriptors()) {
      defaults.put(setting.getName(), setting.getDefaultValue());
    }
    assertThat(defaults.buildOrThrow()).containsAtLeast("enabled", "true", "threshold", "10 ms");
  }
}
