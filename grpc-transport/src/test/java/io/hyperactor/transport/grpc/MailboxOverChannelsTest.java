package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.channel.LocalChannelProvider;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.internal.mailbox.DialMailboxRouter;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.internal.mailbox.MailboxClient;
import io.hyperactor.internal.mailbox.MailboxServer;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.supervision.ActorStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ports of the upstream {@code mailbox.rs} delivery tests between two direct procs, over the local
 * transport and gRPC over TCP and Unix sockets.
 */
@ExtendWith(TestTransports.class)
class MailboxOverChannelsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A request carrying its reply port. */
  record Ask(long n, OncePortRef<Long> reply) {}

  /** A message only the sender's registry knows. */
  record Secret(String text) {}

  /** A message that names another actor to write to. */
  record Forward(ActorRef<Object> to, Object payload) {}

  private static final CodecRegistry REGISTRY =
      CodecRegistry.builder().record("test.Ask", Ask.class).record("test.Forward", Forward.class).build();

  private static final CodecRegistry SENDER_REGISTRY =
      CodecRegistry.builder()
          .record("test.Ask", Ask.class)
          .record("test.Forward", Forward.class)
          .record("test.Secret", Secret.class)
          .build();

  private final List<Proc> procs = new ArrayList<>();
  /**
   * One set of services per registry, reading the global configuration that tests override: procs
   * of one test meet on the local transport only when they share services.
   */
  private final Map<CodecRegistry, RuntimeServices> services = new HashMap<>();
  private final Channels channels =
      Channels.of(
          new LocalChannelProvider(), new GrpcChannelProvider(HyperactorConfig.global()));
  private final List<Integer> exitCodes = new CopyOnWriteArrayList<>();

  static Stream<ChannelTransport> transports() {
    return TestTransports.all();
  }

  @AfterEach
  void tearDown() {
    for (Proc p : procs) {
      p.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
    }
    services.values().forEach(RuntimeServices::close);
  }

  private Proc direct(ChannelTransport transport, String name, CodecRegistry registry) {
    Proc proc =
        Procs.direct(
            ChannelAddr.anyLocalhost(transport),
            name,
            services.computeIfAbsent(
                registry, r -> TestServices.create(HyperactorConfig.global(), r)),
            exitCodes::add);
    procs.add(proc);
    return proc;
  }

  /** Doubles the numbers it is asked about, replying on the request's once port. */
  static final class Doubler implements Actor<Ask> {
    @Override
    public void handle(Context<Ask> cx, Ask ask) {
      ask.reply().send(cx, ask.n() * 2);
    }
  }

  /** Sends what it is told to send and records what comes back undeliverable. */
  static final class Sender implements Actor<Forward> {
    final LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<Forward> cx, Forward f) {
      f.to().send(cx, f.payload());
    }

    @Override
    public void handleUndeliverable(Instance<Forward> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }

    Undeliverable nextReturned() throws InterruptedException {
      Undeliverable u = returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(u).isNotNull();
      return u;
    }
  }

  /** Sends what it is told to send, leaving undeliverables to the default (which fails it). */
  static final class DefaultSender implements Actor<Forward> {
    @Override
    public void handle(Context<Forward> cx, Forward f) {
      f.to().send(cx, f.payload());
    }
  }

  /** Records what it handles. */
  static final class Sink implements Actor<Object> {
    final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<Object> cx, Object message) {
      seen.add(message);
    }
  }

  /** A sender that records what it is given. */
  static class RecordingSender implements MailboxSender {
    final LinkedBlockingQueue<MessageEnvelope> posted = new LinkedBlockingQueue<>();

    @Override
    public void post(MessageEnvelope envelope) {
      posted.add(envelope);
    }

    MessageEnvelope next() throws InterruptedException {
      MessageEnvelope e = posted.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(e).isNotNull();
      return e;
    }
  }

  private static MessageEnvelope envelope(ActorId sender, PortId dest, Object payload) {
    return MessageEnvelope.of(sender, dest, payload, SeqInfo.DIRECT, 64);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void test_local_client_server(ChannelTransport transport) throws Exception {
    EnvelopeCodec codec = new EnvelopeCodec(REGISTRY);
    ProcId proc = new ProcId(new ChannelAddr.Local(1), "p");
    ActorId from = proc.actorId("from");
    PortId to = proc.actorId("to").portId(0);
    RecordingSender into = new RecordingSender();
    RecordingSender returns = new RecordingSender();
    try (MailboxServer server =
            MailboxServer.serve(channels.serve(ChannelAddr.anyLocalhost(transport), codec), into);
        MailboxClient client = new MailboxClient(channels.dial(server.addr(), codec), returns)) {
      for (long i = 0; i < 100; i++) {
        client.post(envelope(from, to, i));
      }
      client.flush(TIMEOUT);
      for (long i = 0; i < 100; i++) {
        MessageEnvelope e = into.next();
        assertThat(e.payload()).isEqualTo(i);
        // One hop for the client, one for the server.
        assertThat(e.ttl()).isEqualTo(62);
      }
    }
    assertThat(returns.posted).isEmpty();
  }

  static Stream<ChannelTransport> networkTransports() {
    return TestTransports.network();
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void anEnvelopeFromTheNetworkIsPostedOnTheTransportsReceivingThread(ChannelTransport transport)
      throws Exception {
    EnvelopeCodec codec = new EnvelopeCodec(REGISTRY);
    ProcId proc = new ProcId(new ChannelAddr.Local(1), "p");
    LinkedBlockingQueue<String> postingThreads = new LinkedBlockingQueue<>();
    RecordingSender into =
        new RecordingSender() {
          @Override
          public void post(MessageEnvelope envelope) {
            postingThreads.add(Thread.currentThread().getName());
            super.post(envelope);
          }
        };
    RecordingSender returns = new RecordingSender();
    try (MailboxServer server =
            MailboxServer.serve(channels.serve(ChannelAddr.anyLocalhost(transport), codec), into);
        MailboxClient client = new MailboxClient(channels.dial(server.addr(), codec), returns)) {
      client.post(envelope(proc.actorId("from"), proc.actorId("to").portId(0), 7L));
      assertThat(into.next().payload()).isEqualTo(7L);
    }
    // gRPC's own threads hand the envelope over; no thread of the server's waits for it.
    assertThat(postingThreads.take()).startsWith(GrpcResources.THREAD_PREFIX);
    assertThat(returns.posted).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void test_dial_mailbox_router(ChannelTransport transport) throws Exception {
    EnvelopeCodec codec = new EnvelopeCodec(REGISTRY);
    ProcId elsewhere = new ProcId(new ChannelAddr.Local(2), "elsewhere");
    ActorId from = elsewhere.actorId("from");
    RecordingSender first = new RecordingSender();
    RecordingSender second = new RecordingSender();
    try (MailboxServer s1 =
            MailboxServer.serve(channels.serve(ChannelAddr.anyLocalhost(transport), codec), first);
        MailboxServer s2 =
            MailboxServer.serve(channels.serve(ChannelAddr.anyLocalhost(transport), codec), second);
        DialMailboxRouter router = new DialMailboxRouter(codec, channels)) {
      ActorId special = elsewhere.actorId("special");
      router.bind(elsewhere, s1.addr());
      router.bind(special, s2.addr());
      router.post(envelope(from, elsewhere.actorId("x").portId(0), "book: proc"));
      assertThat(first.next().payload()).isEqualTo("book: proc");
      router.post(envelope(from, special.portId(0), "book: actor"));
      assertThat(second.next().payload()).isEqualTo("book: actor");
      ProcId direct = new ProcId(s2.addr(), "direct");
      router.post(envelope(from, direct.actorId("y").portId(0), "direct"));
      assertThat(second.next().payload()).isEqualTo("direct");
      router.unbind(special);
      router.post(envelope(from, special.portId(0), "after unbind"));
      assertThat(first.next().payload()).isEqualTo("after unbind");
      router.flush(TIMEOUT);
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void test_mailbox_basic(ChannelTransport transport) throws Exception {
    Proc a = direct(transport, "a", REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    try (ClientInstance owner = b.instance("owner");
        ClientInstance client = a.instance("client")) {
      PortReceiver<String> receiver = owner.openPort();
      PortRef<String> ref = receiver.handle().bind();
      for (int i = 0; i < 10; i++) {
        ref.send(client, "m" + i);
      }
      for (int i = 0; i < 10; i++) {
        assertThat(receiver.recv(TIMEOUT)).isEqualTo("m" + i);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void requestAndReplyThroughAOncePortRefCrossProcs(ChannelTransport transport) throws Exception {
    Proc a = direct(transport, "a", REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    ActorRef<Ask> doubler = b.spawn("doubler", new Doubler()).bind();
    try (ClientInstance client = a.instance("client")) {
      for (long n = 1; n <= 5; n++) {
        OncePortReceiver<Long> reply = client.openOncePort();
        doubler.send(client, new Ask(n, reply.handle().bind()));
        assertThat(reply.recv(TIMEOUT)).isEqualTo(n * 2);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void aMessageForAnUnknownActorComesBackFromTheRemoteMuxer(ChannelTransport transport)
      throws Exception {
    Proc a = direct(transport, "a", REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    Sender sender = new Sender();
    ActorHandle<Forward> handle = a.spawn("sender", sender);
    ActorId nobody = b.procId().actorId("nobody");
    handle.send(new Forward(ActorRef.attest(nobody), "hello"));
    Undeliverable u = sender.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);
    assertThat(u.error().message())
        .isEqualTo("no mailbox for actor " + nobody + " registered in muxer");
    assertThat(u.envelope().payload()).isEqualTo("hello");
    assertThat(u.envelope().dest()).isEqualTo(nobody.portId(PortId.HANDLER_INDEX));
  }

  @ParameterizedTest
  @MethodSource("transports")
  void test_actor_delivery_failure(ChannelTransport transport) throws Exception {
    Proc a = direct(transport, "a", REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    ActorHandle<Forward> handle = a.spawn("sender", new DefaultSender());
    ActorId nobody = b.procId().actorId("nobody");
    handle.send(new Forward(ActorRef.attest(nobody), "hello"));
    ActorStatus status = handle.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(status.toString())
        .contains("message to " + nobody.portId(PortId.HANDLER_INDEX) + " was undeliverable");
    assertThat(status.toString()).contains("no mailbox for actor " + nobody);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void test_mailbox_post_fails_when_actor_stopped(ChannelTransport transport) throws Exception {
    Proc a = direct(transport, "a", REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    ActorHandle<Object> target = b.spawn("target", new Sink());
    target.drainAndStop("done");
    target.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Sender sender = new Sender();
    a.spawn("sender", sender).send(new Forward(ActorRef.attest(target.actorId()), "late"));
    Undeliverable u = sender.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.MAILBOX);
    assertThat(u.error().message())
        .isEqualTo("mailbox owner " + target.actorId() + " is stopped: done");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void unknownTypeNameComesBackNamingIt(ChannelTransport transport) throws Exception {
    assumeTrue(transport != ChannelTransport.LOCAL, "the local transport passes objects");
    Proc a = direct(transport, "a", SENDER_REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    ActorHandle<Object> sink = b.spawn("sink", new Sink());
    Sender sender = new Sender();
    a.spawn("sender", sender)
        .send(new Forward(ActorRef.attest(sink.actorId()), new Secret("classified")));
    Undeliverable u = sender.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.BROKEN_LINK);
    assertThat(u.error().message()).contains("unknown type name 'test.Secret'");
    assertThat(u.envelope().payload()).isEqualTo(new Secret("classified"));
  }

  @ParameterizedTest
  @MethodSource("transports")
  void unregisteredTypeAtTheSenderComesBackNamingTheClass(ChannelTransport transport)
      throws Exception {
    assumeTrue(transport != ChannelTransport.LOCAL, "the local transport passes objects");
    Proc a = direct(transport, "a", REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    ActorHandle<Object> sink = b.spawn("sink", new Sink());
    Sender sender = new Sender();
    a.spawn("sender", sender)
        .send(new Forward(ActorRef.attest(sink.actorId()), new Secret("classified")));
    Undeliverable u = sender.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.BROKEN_LINK);
    assertThat(u.error().message())
        .contains("cannot encode " + Secret.class.getName() + ": type is not registered");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void ttlExhaustedOnTheRemoteSideComesBackToTheSender(ChannelTransport transport)
      throws Exception {
    Proc a = direct(transport, "a", REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    ActorHandle<Object> sink = b.spawn("sink", new Sink());
    Sender sender = new Sender();
    ActorId senderId = a.spawn("sender", sender).actorId();
    // Two hops: the dialing router and the client spend them, the remote server finds none left.
    a.post(MessageEnvelope.of(senderId, sink.actorId().portId(0), "short-lived", SeqInfo.DIRECT, 2));
    Undeliverable u = sender.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.TTL_EXPIRED);
    assertThat(u.error().message()).contains("ttl expired");
    assertThat(u.envelope().payload()).isEqualTo("short-lived");
    assertThat(u.envelope().ttl()).isEqualTo(0);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void test_flush_over_unix_channel(ChannelTransport transport) throws Exception {
    Proc a = direct(transport, "a", REGISTRY);
    Proc b = direct(transport, "b", REGISTRY);
    try (ClientInstance owner = b.instance("owner");
        ClientInstance client = a.instance("client")) {
      PortReceiver<Long> receiver = owner.openPort();
      PortRef<Long> ref = receiver.handle().bind();
      for (long i = 0; i < 1000; i++) {
        ref.send(client, i);
      }
      // Flush returns once the peer's server has taken every message off the channel.
      a.flush(TIMEOUT);
      for (long i = 0; i < 1000; i++) {
        assertThat(receiver.recv(TIMEOUT)).isEqualTo(i);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void unreachablePeerYieldsUndeliverablesAfterTheDeliveryTimeout(ChannelTransport transport)
      throws Exception {
    assumeTrue(transport != ChannelTransport.LOCAL, "local dials fail at once");
    try (ScopedOverride timeout =
        HyperactorConfig.global()
            .override(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(1))) {
      Proc a = direct(transport, "a", REGISTRY);
      ProcId gone = new ProcId(unusedAddress(transport), "gone");
      Sender sender = new Sender();
      ActorHandle<Forward> handle = a.spawn("sender", sender);
      for (int i = 0; i < 3; i++) {
        handle.send(new Forward(ActorRef.attest(gone.actorId("peer")), "m" + i));
      }
      List<Object> payloads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Undeliverable u = sender.nextReturned();
        assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.TIMEOUT);
        assertThat(u.error().message()).contains(gone.addr().toString());
        payloads.add(u.envelope().payload());
      }
      assertThat(payloads).containsExactly("m0", "m1", "m2");
    }
  }

  private static ChannelAddr unusedAddress(ChannelTransport transport) throws IOException {
    if (transport == ChannelTransport.UNIX) {
      return ChannelAddr.Unix.randomAbstract();
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return ChannelAddr.Tcp.of(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }
  }
}
