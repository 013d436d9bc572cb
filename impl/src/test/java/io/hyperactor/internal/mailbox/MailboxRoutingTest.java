package io.hyperactor.internal.mailbox;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.mailbox.MailboxTestSupport.localProc;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.PortHandle;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.Rx;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.mailbox.MailboxTestSupport.Recorder;
import io.hyperactor.internal.mailbox.MailboxTestSupport.RecordingSender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ports of the upstream {@code mailbox.rs} routing tests, in one JVM over the local transport. */
class MailboxRoutingTest {
  private static final ProcId ELSEWHERE = new ProcId(new ChannelAddr.Local(987_654_321), "elsewhere");
  private static final EnvelopeCodec CODEC = new EnvelopeCodec(CodecRegistry.builtins());

  @AfterEach
  void tearDown() {
    MailboxTestSupport.destroyAll();
  }

  /** A mailbox server on a fresh local channel, posting what it receives into {@code into}. */
  private static MailboxServer serveLocal(RecordingSender into) throws Exception {
    return MailboxServer.serve(
        TestServices.shared().channels().serve(new ChannelAddr.Local(0), CODEC), into);
  }

  private static MessageEnvelope envelope(ActorId sender, PortId dest, Object payload) {
    return MessageEnvelope.of(sender, dest, payload, SeqInfo.DIRECT, 64);
  }

  @Test
  void test_mailbox_muxer() throws Exception {
    Proc proc = localProc();
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    ActorHandle<Object> ha = proc.spawn("a", a);
    ActorHandle<Object> hb = proc.spawn("b", b);
    MailboxMuxer muxer = new MailboxMuxer();
    assertThat(muxer.bind(ha.actorId(), proc)).isTrue();
    assertThat(muxer.bind(hb.actorId(), proc)).isTrue();
    assertThat(muxer.bind(hb.actorId(), proc)).isFalse();

    muxer.post(envelope(ha.actorId(), hb.actorId().portId(PortId.HANDLER_INDEX), "to b"));
    muxer.post(envelope(hb.actorId(), ha.actorId().portId(PortId.HANDLER_INDEX), "to a"));
    assertThat(b.nextMessage()).isEqualTo("to b");
    assertThat(a.nextMessage()).isEqualTo("to a");

    ActorId unbound = proc.procId().actorId("nobody");
    muxer.post(envelope(ha.actorId(), unbound.portId(PortId.HANDLER_INDEX), "lost"));
    Undeliverable u = a.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);
    assertThat(u.error().message())
        .isEqualTo("no mailbox for actor " + unbound + " registered in muxer");
    assertThat(u.envelope().payload()).isEqualTo("lost");

    muxer.unbind(hb.actorId());
    muxer.post(envelope(ha.actorId(), hb.actorId().portId(PortId.HANDLER_INDEX), "after unbind"));
    assertThat(a.nextReturned().error().message()).contains("no mailbox for actor " + hb.actorId());
  }

  @Test
  void test_mailbox_router() throws Exception {
    Proc proc = localProc();
    Recorder sender = new Recorder();
    ActorId senderId = proc.spawn("sender", sender).actorId();
    RecordingSender elsewhere = new RecordingSender();
    RecordingSender special = new RecordingSender();
    MailboxRouter router = new MailboxRouter();
    router.bind(proc.procId(), proc);
    router.bind(ELSEWHERE, elsewhere);
    ActorId specialActor = ELSEWHERE.actorId("special");
    router.bind(specialActor, special);

    router.post(envelope(senderId, ELSEWHERE.actorId("x").portId(0), "x"));
    assertThat(elsewhere.next().payload()).isEqualTo("x");
    router.post(envelope(senderId, specialActor.portId(0), "special"));
    assertThat(special.next().payload()).isEqualTo("special");
    // Each hop spends one unit of TTL.
    router.post(envelope(senderId, ELSEWHERE.actorId("y").portId(0), "y"));
    assertThat(elsewhere.next().ttl()).isEqualTo(63);

    router.unbind(specialActor);
    router.post(envelope(senderId, specialActor.portId(0), "falls back to the proc route"));
    assertThat(elsewhere.next().payload()).isEqualTo("falls back to the proc route");

    ProcId unknownProc = new ProcId(new ChannelAddr.Local(123_456_789), "unknown");
    router.post(envelope(senderId, unknownProc.actorId("z").portId(0), "unroutable"));
    Undeliverable u = sender.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);
    assertThat(u.error().message())
        .isEqualTo(
            "no destination found for actor " + unknownProc.actorId("z") + " in routing table");

    RecordingSender fallback = new RecordingSender();
    router.fallback(fallback).post(envelope(senderId, unknownProc.actorId("z").portId(0), "fb"));
    assertThat(fallback.next().payload()).isEqualTo("fb");
    assertThat(sender.returned).isEmpty();
  }

  @Test
  void message_ttl_expires_in_routing_loop_returns_to_sender() throws Exception {
    Proc proc = localProc();
    Recorder sender = new Recorder();
    ActorId senderId = proc.spawn("sender", sender).actorId();
    MailboxRouter left = new MailboxRouter();
    MailboxRouter right = new MailboxRouter();
    left.bind(ELSEWHERE, right);
    right.bind(ELSEWHERE, left);
    left.bind(proc.procId(), proc);
    right.bind(proc.procId(), proc);

    left.post(envelope(senderId, ELSEWHERE.actorId("x").portId(0), "loop"));

    Undeliverable u = sender.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.TTL_EXPIRED);
    assertThat(u.error().message()).contains("ttl expired");
    assertThat(u.envelope().payload()).isEqualTo("loop");
    assertThat(u.envelope().ttl()).isEqualTo(0);
  }

  @Test
  void message_ttl_success_local_delivery() throws Exception {
    Proc proc = localProc();
    Recorder dest = new Recorder();
    ActorId destId = proc.spawn("dest", dest).actorId();
    MailboxRouter router = new MailboxRouter();
    router.bind(proc.procId(), proc);
    router.post(MessageEnvelope.of(destId, destId.portId(0), "one hop left", SeqInfo.DIRECT, 1));
    assertThat(dest.nextMessage()).isEqualTo("one hop left");
  }

  @Test
  void test_local_client_server() throws Exception {
    Proc proc = localProc();
    Recorder dest = new Recorder();
    ActorId destId = proc.spawn("dest", dest).actorId();
    Rx<MessageEnvelope> rx = TestServices.shared().channels().serve(new ChannelAddr.Local(0), CODEC);
    try (MailboxServer server = MailboxServer.serve(rx, proc);
        MailboxClient client =
            new MailboxClient(TestServices.shared().channels().dial(server.addr(), CODEC), proc)) {
      for (int i = 0; i < 100; i++) {
        client.post(envelope(destId, destId.portId(0), i));
      }
      client.flush(MailboxTestSupport.TIMEOUT);
      for (int i = 0; i < 100; i++) {
        assertThat(dest.nextMessage()).isEqualTo(i);
      }
    }
  }

  @Test
  void test_dial_mailbox_router() throws Exception {
    Proc proc = localProc();
    Recorder sender = new Recorder();
    ActorId senderId = proc.spawn("sender", sender).actorId();
    RecordingSender first = new RecordingSender();
    RecordingSender second = new RecordingSender();
    try (MailboxServer s1 = serveLocal(first);
        MailboxServer s2 = serveLocal(second);
        DialMailboxRouter router = new DialMailboxRouter(CODEC, TestServices.shared().channels())) {
      router.setReturnPath(proc);
      ActorId special = ELSEWHERE.actorId("special");
      router.bind(ELSEWHERE, s1.addr());
      router.bind(special, s2.addr());
      assertThat(router.lookupAddr(ELSEWHERE.actorId("x"))).isEqualTo(s1.addr());
      assertThat(router.lookupAddr(special)).isEqualTo(s2.addr());

      router.post(envelope(senderId, ELSEWHERE.actorId("x").portId(0), "book: proc"));
      assertThat(first.next().payload()).isEqualTo("book: proc");
      router.post(envelope(senderId, special.portId(0), "book: actor"));
      assertThat(second.next().payload()).isEqualTo("book: actor");

      // With no book entry, the destination's own proc address is dialed.
      ProcId direct = new ProcId(s2.addr(), "direct");
      router.post(envelope(senderId, direct.actorId("y").portId(0), "direct"));
      assertThat(second.next().payload()).isEqualTo("direct");

      router.unbind(special);
      assertThat(router.lookupAddr(special)).isEqualTo(s1.addr());
      router.post(envelope(senderId, special.portId(0), "after unbind"));
      assertThat(first.next().payload()).isEqualTo("after unbind");
      assertThat(router.cachedClient(s1.addr())).isNotNull();

      router.unbind(ELSEWHERE);
      assertThat(router.cachedClient(s1.addr())).isNull();
      assertThat(router.lookupAddr(ELSEWHERE.actorId("x"))).isEqualTo(ELSEWHERE.addr());

      // ELSEWHERE's own address has no server: the dial fails and the sender learns why.
      router.post(envelope(senderId, ELSEWHERE.actorId("x").portId(0), "nowhere"));
      Undeliverable u = sender.nextReturned();
      assertThat(u.envelope().payload()).isEqualTo("nowhere");
      assertThat(u.error().message()).contains(ELSEWHERE.addr().toString());
      router.flush(MailboxTestSupport.TIMEOUT);
    }
  }

  @Test
  void aRefusedAddressIsNeverDialledAndItsEnvelopesComeBackWithTheReason() throws Exception {
    Proc proc = localProc();
    Recorder sender = new Recorder();
    ActorId senderId = proc.spawn("sender", sender).actorId();
    RecordingSender own = new RecordingSender();
    RecordingSender other = new RecordingSender();
    try (MailboxServer s1 = serveLocal(own);
        MailboxServer s2 = serveLocal(other);
        DialMailboxRouter router = new DialMailboxRouter(CODEC, TestServices.shared().channels())) {
      router.setReturnPath(proc);
      router.refuse(s1.addr(), dest -> "no proc named '" + dest.procId().name() + "' here");
      ProcId gone = new ProcId(s1.addr(), "gone");
      // The same id object twice: a refused route is not remembered as the last one.
      ActorId dest = gone.actorId("a");
      for (String payload : List.of("first", "second")) {
        router.post(envelope(senderId, dest.portId(0), payload));
        Undeliverable u = sender.nextReturned();
        assertThat(u.envelope().payload()).isEqualTo(payload);
        assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);
        assertThat(u.error().message()).isEqualTo("no proc named 'gone' here");
      }
      assertThat(router.cachedClient(s1.addr())).isNull();
      // The refusal is of the address a destination resolves to: a proc named on the refused
      // address but bound elsewhere in the book is routed there.
      ProcId moved = new ProcId(s1.addr(), "moved");
      router.bind(moved, s2.addr());
      router.post(envelope(senderId, moved.actorId("b").portId(0), "routed"));
      assertThat(other.next().payload()).isEqualTo("routed");
    }
  }

  @Test
  void aRebindTakesEffectForTheNextPostToTheSameDestination() throws Exception {
    Proc proc = localProc();
    RecordingSender first = new RecordingSender();
    RecordingSender second = new RecordingSender();
    try (MailboxServer s1 = serveLocal(first);
        MailboxServer s2 = serveLocal(second);
        DialMailboxRouter router = new DialMailboxRouter(CODEC, TestServices.shared().channels())) {
      router.setReturnPath(proc);
      ActorId sender = proc.spawn("sender", new Recorder()).actorId();
      // One id object for every post, as a sender's handle has it: the router remembers its route.
      ActorId dest = ELSEWHERE.actorId("moving");
      router.bind(dest, s1.addr());
      router.post(envelope(sender, dest.portId(0), "one"));
      router.post(envelope(sender, dest.portId(0), "two"));
      router.bind(dest, s2.addr());
      router.post(envelope(sender, dest.portId(0), "three"));
      router.bind(ELSEWHERE, s1.addr());
      router.unbind(dest);
      router.post(envelope(sender, dest.portId(0), "four"));
      assertThat(first.next().payload()).isEqualTo("one");
      assertThat(first.next().payload()).isEqualTo("two");
      assertThat(second.next().payload()).isEqualTo("three");
      assertThat(first.next().payload()).isEqualTo("four");
    }
  }

  @Test
  void test_port_handle_send_fails_when_actor_stopped() throws Exception {
    Proc proc = localProc();
    ClientInstance owner = proc.instance("owner");
    PortReceiver<String> receiver = owner.openPort();
    PortHandle<String> handle = receiver.handle();
    handle.send("before");
    assertThat(receiver.recv(MailboxTestSupport.TIMEOUT)).isEqualTo("before");
    owner.close();
    MailboxSenderException e = assertThrows(MailboxSenderException.class, () -> handle.send("x"));
    assertThat(e.kind()).isEqualTo(MailboxSenderException.Kind.OWNER_TERMINATED);
    assertThat(e).hasMessageThat().contains("mailbox owner " + owner.selfId() + " terminated");
  }

  @Test
  void test_mailbox_post_fails_when_actor_stopped() throws Exception {
    Proc proc = localProc();
    Recorder sender = new Recorder();
    ActorId senderId = proc.spawn("sender", sender).actorId();
    ActorHandle<Object> dest = proc.spawn("dest", new Recorder());
    dest.drainAndStop("done");
    dest.termination().get();
    proc.post(envelope(senderId, dest.actorId().portId(0), "too late"));
    Undeliverable u = sender.nextReturned();
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.MAILBOX);
    assertThat(u.error().message())
        .isEqualTo("mailbox owner " + dest.actorId() + " is stopped: done");
  }

  @Test
  void directProcOnTheLocalTransportServesItsOwnChannel() throws Exception {
    Proc a = Procs.direct(new ChannelAddr.Local(0), "a", TestServices.shared(), TestServices.NO_EXIT);
    Proc b = Procs.direct(new ChannelAddr.Local(0), "b", TestServices.shared(), TestServices.NO_EXIT);
    MailboxTestSupport.PROCS.add(a);
    MailboxTestSupport.PROCS.add(b);
    Recorder dest = new Recorder();
    ActorHandle<Object> handle = b.spawn("dest", dest);
    try (ClientInstance client = a.instance("client")) {
      handle.bind().send(client, "over the channel");
      assertThat(dest.nextMessage()).isEqualTo("over the channel");
    }
    assertThat(a.procId().addr()).isNotEqualTo(new ChannelAddr.Local(0));
  }

}
