package io.hyperactor.runtime;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two actor systems in one JVM, each with its own settings, threads and lifetime. */
class TwoSystemsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ActorSystem a = system("two-a", Duration.ofSeconds(1), 1);
  private final ActorSystem b = system("two-b", Duration.ofSeconds(3), 3);

  private static ActorSystem system(String name, Duration deliveryTimeout, long parallelism) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, deliveryTimeout);
    config.set(HyperactorAttrs.DISPATCHER_PARALLELISM, parallelism);
    return ActorSystem.builder()
        .name(name)
        .config(config)
        .exitHook(
            code -> {
              throw new AssertionError(name + " asked to exit with code " + code);
            })
        .build();
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  /** Sends one message to {@code dest} and keeps why it came back. */
  static final class Bouncer implements Actor<String> {
    final LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();
    private final ActorRef<String> dest;

    Bouncer(ActorRef<String> dest) {
      this.dest = dest;
    }

    @Override
    public void handle(Context<String> cx, String message) {
      dest.send(cx, message);
    }

    @Override
    public void handleUndeliverable(Instance<String> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }
  }

  private static ActorRef<String> unreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ProcId nobody = new ProcId(ChannelAddr.Tcp.of(InetAddress.getLoopbackAddress(), port), "nobody");
    return ActorRef.attest(nobody.actorId("peer"));
  }

  private static String returnedReason(ActorSystem system, ActorRef<String> dest) throws Exception {
    Proc proc = system.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "sender");
    Bouncer bouncer = new Bouncer(dest);
    proc.spawn("bouncer", bouncer).send("hello");
    Undeliverable u = bouncer.returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(u).isNotNull();
    return u.error().toString();
  }

  @Test
  void each_system_reads_its_own_message_delivery_timeout() throws Exception {
    ActorRef<String> dest = unreachable();
    assertThat(returnedReason(a, dest)).contains("within timeout 1s");
    assertThat(returnedReason(b, dest)).contains("within timeout 3s");
  }

  record WhichThread(OncePortRef<String> reply) {}

  static final class ThreadReporter implements Actor<WhichThread> {
    @Override
    public void handle(Context<WhichThread> cx, WhichThread message) {
      message.reply().send(cx, Thread.currentThread().getName());
    }
  }

  private static Set<String> workerThreads(ActorSystem system) throws Exception {
    Proc proc = system.localProc("threads");
    ClientInstance client = proc.instance("client");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      ActorHandle<WhichThread> reporter = proc.spawn("reporter" + i, new ThreadReporter());
      for (int j = 0; j < 20; j++) {
        names.add(reporter.<String>ask(client, WhichThread::new, TIMEOUT).get());
      }
    }
    return names;
  }

  @Test
  void each_system_runs_its_actors_on_its_own_dispatcher_with_its_own_parallelism()
      throws Exception {
    Set<String> onA = workerThreads(a);
    Set<String> onB = workerThreads(b);
    // A has one worker, and never borrows B's.
    assertThat(onA).containsExactly("hyperactor-dispatcher-two-a-1");
    for (String name : onB) {
      assertThat(name).startsWith("hyperactor-dispatcher-two-b-");
    }
  }

  @Test
  void closing_one_system_leaves_the_other_working() throws Exception {
    ActorHandle<WhichThread> onB = b.localProc("survivor").spawn("reporter", new ThreadReporter());
    workerThreads(a);
    a.close();

    assertThat(threadsNamed("two-a")).isEmpty();
    String thread = onB.<String>ask(b.client(), WhichThread::new, TIMEOUT).get();
    assertThat(thread).startsWith("hyperactor-dispatcher-two-b-");
  }

  private static Set<String> threadsNamed(String fragment) throws InterruptedException {
    // Closing waits for the pool to terminate; a worker thread may take a moment to leave the
    // thread table after that.
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Set<String> names = new HashSet<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.isAlive() && t.getName().contains(fragment)) {
          names.add(t.getName());
        }
      }
      if (names.isEmpty() || System.nanoTime() > deadline) {
        return names;
      }
      Thread.sleep(20);
    }
  }
}
