package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.Actor;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostException;
import io.hyperactor.id.ActorId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Procs attached to a host over duplex links (seed tests test_duplex_*). */
class HostAttachIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder().codecs(HostItMessages::register).build();

  /** A host on a Unix frontend with in-JVM procs. */
  private static Host<Object, @Nullable Void> host() {
    return kit.system().localHost(ChannelAddr.any(ChannelTransport.UNIX));
  }

  private static Proc attach(Host<?, ?> host) {
    return kit.system().attachProc(host.attachAddr().orElseThrow(), TIMEOUT);
  }

  /** Posts "into-the-void" to {@code dest} on any message; keeps what comes back. */
  static final class UndeliverableCollector implements Actor<String> {
    final LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();
    private final ActorId dest;

    UndeliverableCollector(ActorId dest) {
      this.dest = dest;
    }

    @Override
    public void handle(Context<String> cx, String message) {
      ActorRef.<String>attest(dest).send(cx, "into-the-void");
    }

    @Override
    public void handleUndeliverable(Instance<String> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }
  }

  @Test
  void test_duplex_remote_proc() throws Exception {
    Host<Object, @Nullable Void> host = host();
    host.serve();
    Proc remote = attach(host);
    assertThat(remote.procId().addr()).isEqualTo(host.addr());

    ClientInstance remoteClient = remote.instance("client");
    ClientInstance system = host.serviceProc().instance("system");
    PortReceiver<String> onRemote = remoteClient.openPort();
    onRemote.handle().bind().send(system, "hello-to-remote");
    assertThat(onRemote.recv(TIMEOUT)).isEqualTo("hello-to-remote");

    PortReceiver<String> onSystem = system.openPort();
    onSystem.handle().bind().send(remoteClient, "hello-from-remote");
    assertThat(onSystem.recv(TIMEOUT)).isEqualTo("hello-from-remote");
  }

  @Test
  void test_duplex_undeliverable_from_client() throws Exception {
    Host<Object, @Nullable Void> host = host();
    host.serve();
    Proc remote = attach(host);
    ActorId bogus = host.serviceProc().procId().actorId("bogus");
    UndeliverableCollector collector = new UndeliverableCollector(bogus);
    remote.spawn("collector", collector).send("go");
    Undeliverable returned = collector.returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(returned).isNotNull();
    assertThat(returned.envelope().dest().actorId()).isEqualTo(bogus);
  }

  @Test
  void test_duplex_undeliverable_from_host() throws Exception {
    Host<Object, @Nullable Void> host = host();
    host.serve();
    Proc remote = attach(host);
    ActorId bogus = remote.procId().actorId("bogus");
    UndeliverableCollector collector = new UndeliverableCollector(bogus);
    host.serviceProc().spawn("collector", collector).send("go");
    Undeliverable returned = collector.returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(returned).isNotNull();
    assertThat(returned.envelope().dest().actorId()).isEqualTo(bogus);
  }

  @Test
  void test_duplex_teardown() throws Exception {
    Host<Object, @Nullable Void> host = host();
    CompletableFuture<Void> served = host.serve();
    HostException again = assertThrows(HostException.class, host::serve);
    assertThat(again.kind()).isEqualTo(HostException.Kind.ALREADY_SERVING);
    Proc remote = attach(host);
    PortReceiver<String> onRemote = remote.instance("client").openPort();
    onRemote.handle().bind().send(host.serviceProc().instance("system"), "pre-stop");
    assertThat(onRemote.recv(TIMEOUT)).isEqualTo("pre-stop");
    host.stopServing("teardown").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    // The serve future completes normally once the frontend has stopped.
    served.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The attach protocol's wire tags: one byte, then the body. */
  private static final byte ATTACH = 1;

  private static final byte BOOTSTRAP = 2;
  private static final byte REFUSED = 4;

  private static String refusal(byte[] frame) {
    assertThat(frame[0]).isEqualTo(REFUSED);
    return new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
  }

  @Test
  void aLinkThatDoesNotOpenWithAnAttachRequestIsRefused() throws Exception {
    Host<Object, @Nullable Void> host = host();
    host.serve();
    try (DuplexLink<byte[], byte[]> link =
        kit.system().channels().dialDuplex(
            host.attachAddr().orElseThrow(), ChannelCodec.bytes(), ChannelCodec.bytes())) {
      byte[] id = "tcp:127.0.0.1:1,impostor".getBytes(StandardCharsets.UTF_8);
      byte[] bootstrap = new byte[id.length + 1];
      bootstrap[0] = BOOTSTRAP;
      System.arraycopy(id, 0, bootstrap, 1, id.length);
      link.tx().post(bootstrap);
      byte[] answer = link.rx().recv(TIMEOUT).orElseThrow();
      assertThat(refusal(answer)).startsWith("expected an attach request, got Bootstrap");
    }
  }

  @Test
  void anAttachedLinkRefusesWhatIsNotAnEnvelopeAndStaysUp() throws Exception {
    Host<Object, @Nullable Void> host = host();
    host.serve();
    try (DuplexLink<byte[], byte[]> link =
        kit.system().channels().dialDuplex(
            host.attachAddr().orElseThrow(), ChannelCodec.bytes(), ChannelCodec.bytes())) {
      link.tx().post(new byte[] {ATTACH});
      byte[] bootstrap = link.rx().recv(TIMEOUT).orElseThrow();
      assertThat(bootstrap[0]).isEqualTo(BOOTSTRAP);
      for (int i = 0; i < 2; i++) {
        link.tx().post(new byte[] {ATTACH});
        assertThat(refusal(link.rx().recv(TIMEOUT).orElseThrow()))
            .contains("is attached; only envelopes may follow, got Attach");
      }
    }
  }
}
