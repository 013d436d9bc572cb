package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.ClientInstance;
import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.ref.PortRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A proc of an in-JVM host posts what is not for a sibling into the host in memory. */
class InJvmHostLinkTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MESSAGES = 200;
  // Never served: a proc that dialled it would fail to spawn.
  private static final ChannelAddr UNSERVED = new ChannelAddr.Local(Long.MAX_VALUE);

  private final RuntimeServices services =
      TestServices.create(HyperactorConfig.defaultsOnly(), CodecRegistry.builtins());
  private final LocalProcManager<Object> manager =
      new LocalProcManager<>(
          proc -> proc.spawn("agent", new HostTest.HostAgent()), services, HostTest.NO_EXIT);
  private final List<AutoCloseable> owned = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : owned.reversed()) {
      c.close();
    }
    manager.close();
    services.close();
  }

  /** What a host's forwarder was handed, in order: the payloads posted, then "flush" marks. */
  private static final class RecordingHost implements MailboxSender {
    final List<Object> events = new CopyOnWriteArrayList<>();

    @Override
    public void post(MessageEnvelope envelope) {
      events.add(envelope.payload());
    }

    @Override
    public void flush(Duration timeout) {
      events.add("flush");
    }
  }

  private static PortRef<String> elsewhere() {
    return PortRef.attest(new ProcId(UNSERVED, "elsewhere").actorId("actor").portId(7));
  }

  private static ImmutableList<Object> numbered(int count) {
    ImmutableList.Builder<Object> expected = ImmutableList.builder();
    for (int i = 0; i < count; i++) {
      expected.add("m" + i);
    }
    return expected.build();
  }

  @Test
  void aProcOfAnAttachedHostPostsToItInMemoryInPostingOrder() throws Exception {
    RecordingHost host = new RecordingHost();
    manager.attachHost(UNSERVED, host);
    manager.spawn(new ProcId(UNSERVED, "p"), UNSERVED, null);
    ClientInstance client = manager.proc(new ProcId(UNSERVED, "p")).orElseThrow().instance("c");
    PortRef<String> dest = elsewhere();
    for (int i = 0; i < MESSAGES; i++) {
      dest.send(client, "m" + i);
    }
    // Posting is synchronous: everything is with the host once the sends return.
    assertThat(host.events).containsExactlyElementsIn(numbered(MESSAGES)).inOrder();
  }

  @Test
  void aProcKeepsTheLinkItWasSpawnedWith() throws Exception {
    Rx<MessageEnvelope> backendRx =
        services
            .channels()
            .serve(
                ChannelAddr.any(ChannelTransport.LOCAL),
                new EnvelopeCodec(CodecRegistry.builtins()));
    owned.add(backendRx::close);
    ChannelAddr backend = backendRx.addr();
    ProcId before = new ProcId(backend, "before");
    ProcId after = new ProcId(backend, "after");
    manager.spawn(before, backend, null);
    RecordingHost host = new RecordingHost();
    manager.attachHost(backend, host);
    manager.spawn(after, backend, null);
    ClientInstance early = manager.proc(before).orElseThrow().instance("c");
    ClientInstance late = manager.proc(after).orElseThrow().instance("c");
    PortRef<String> dest = elsewhere();

    // The proc spawned before the host attached still sends over its channel, in order: there is
    // no switch from the channel to memory under a proc that is already sending.
    for (int i = 0; i < MESSAGES; i++) {
      dest.send(early, "m" + i);
    }
    List<Object> overChannel = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      overChannel.add(backendRx.recv().payload());
    }
    assertThat(overChannel).containsExactlyElementsIn(numbered(MESSAGES)).inOrder();
    assertThat(host.events).isEmpty();

    dest.send(late, "in memory");
    assertThat(host.events).containsExactly("in memory");
  }

  @Test
  void aProcsCloseFindsWhatItSentWithTheHostAndDoesNotWaitForTheHostsLinks() throws Exception {
    RecordingHost host = new RecordingHost();
    manager.attachHost(UNSERVED, host);
    ProcId id = new ProcId(UNSERVED, "p");
    manager.spawn(id, UNSERVED, null);
    ClientInstance client = manager.proc(id).orElseThrow().instance("c");
    elsewhere().send(client, "last words");

    manager.terminateProc(id, TIMEOUT, "test");

    // The host's forwarder also carries the other procs' traffic: a proc's close must not wait on
    // it (a flush of the host's links would), since what the proc posted is already there.
    assertThat(host.events).containsExactly("last words");
  }

  @Test
  void aClosedLinkReturnsEnvelopesToTheirSenders() {
    RecordingHost host = new RecordingHost();
    List<MessageEnvelope> returned = new CopyOnWriteArrayList<>();
    InJvmHostLink link = new InJvmHostLink(host, returned::add, 64);
    ActorId sender = new ProcId(UNSERVED, "p").actorId("c");
    PortId dest = new ProcId(UNSERVED, "q").actorId("a").portId(3);
    link.close();

    link.post(MessageEnvelope.of(sender, dest, "too late", SeqInfo.DIRECT, 10));

    assertThat(host.events).isEmpty();
    MessageEnvelope back = returned.getFirst();
    assertThat(back.dest()).isEqualTo(sender.portId(PortId.UNDELIVERABLE_INDEX));
    assertThat(back.ttl()).isEqualTo(64);
    Undeliverable undeliverable = (Undeliverable) back.payload();
    assertThat(undeliverable.envelope().payload()).isEqualTo("too late");
    assertThat(undeliverable.error().kind()).isEqualTo(DeliveryError.Kind.BROKEN_LINK);
    assertThat(undeliverable.error().message()).contains("link to its host is closed");
  }

  /** A host of this JVM and an outside proc served on its own channel, as in a forked host JVM. */
  private Host<Object, @Nullable Void> host() {
    Host<Object, @Nullable Void> host =
        Hosts.create(manager, ChannelAddr.any(ChannelTransport.LOCAL), services, HostTest.NO_EXIT);
    owned.add(host);
    return host;
  }

  @Test
  void messagesToAnOutsideProcArriveInPostingOrder() throws Exception {
    Host<Object, @Nullable Void> host = host();
    HostedProc<Object> hosted = host.spawn("p", null);
    Proc outside =
        Procs.direct(
            ChannelAddr.any(ChannelTransport.LOCAL), "outside", services, HostTest.NO_EXIT);
    owned.add(() -> outside.destroyAndWait(TIMEOUT, "test over"));
    PortReceiver<String> port = outside.instance("sink").openPort();
    PortRef<String> ref = port.handle().bind();
    ClientInstance client = manager.proc(hosted.procId()).orElseThrow().instance("c");

    for (int i = 0; i < MESSAGES; i++) {
      ref.send(client, "m" + i);
    }

    List<Object> received = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      received.add(port.recv(TIMEOUT));
    }
    assertThat(received).containsExactlyElementsIn(numbered(MESSAGES)).inOrder();
  }

  @Test
  void aMessageForAnUnknownProcReturnsToItsSender() throws Exception {
    Host<Object, @Nullable Void> host = host();
    HostedProc<Object> hosted = host.spawn("p", null);
    ClientInstance client = manager.proc(hosted.procId()).orElseThrow().instance("c");
    PortReceiver<Undeliverable> returns = client.undeliverables();

    elsewhere().send(client, "nobody home");

    Undeliverable back = returns.recv(TIMEOUT);
    assertThat(back.envelope().payload()).isEqualTo("nobody home");
    assertThat(back.envelope().dest()).isEqualTo(elsewhere().portId());
    assertThat(back.error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);
  }
}
