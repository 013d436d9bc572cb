package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.proc;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ports of upstream {@code ordering.rs} and the sequencing tests of {@code actor.rs}. */
class OrderingTest {
  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  private static ActorId owner() {
    return new ProcId(new ChannelAddr.Local(0), "ordering").actorId("owner");
  }

  private static SeqInfo.Session seq(UUID session, long n) {
    return new SeqInfo.Session(session, n);
  }

  @Test
  void test_ordered_channel_single_client_send_in_order() {
    OwnedReorderBuffer buffer = new OwnedReorderBuffer(owner());
    UUID session = UUID.randomUUID();
    List<Object> out = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      buffer.accept(seq(session, i), i, null, (item, sender) -> out.add(item));
      assertThat(out).hasSize(i);
    }
    assertThat(out).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10).inOrder();
  }

  @Test
  void test_ordered_channel_single_client_send_out_of_order() {
    OwnedReorderBuffer buffer = new OwnedReorderBuffer(owner());
    UUID session = UUID.randomUUID();
    List<Object> out = new ArrayList<>();
    ReorderBuffer.Released collect = (item, sender) -> out.add(item);
    buffer.accept(seq(session, 3), 3, null, collect);
    buffer.accept(seq(session, 5), 5, null, collect);
    assertThat(out).isEmpty();
    buffer.accept(seq(session, 1), 1, null, collect);
    assertThat(out).containsExactly(1).inOrder();
    buffer.accept(seq(session, 2), 2, null, collect);
    assertThat(out).containsExactly(1, 2, 3).inOrder();
    buffer.accept(seq(session, 4), 4, null, collect);
    assertThat(out).containsExactly(1, 2, 3, 4, 5).inOrder();
  }

  @Test
  void test_ordered_channel_multi_clients() {
    OwnedReorderBuffer buffer = new OwnedReorderBuffer(owner());
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    List<Object> out = new ArrayList<>();
    ReorderBuffer.Released collect = (item, sender) -> out.add(item);
    buffer.accept(seq(a, 2), "a2", null, collect);
    buffer.accept(seq(b, 1), "b1", null, collect);
    buffer.accept(seq(b, 3), "b3", null, collect);
    buffer.accept(seq(a, 1), "a1", null, collect);
    buffer.accept(seq(b, 2), "b2", null, collect);
    // Each session is ordered on its own; a gap in one never holds back the other.
    assertThat(out).containsExactly("b1", "a1", "a2", "b2", "b3").inOrder();
  }

  @Test
  void test_ordered_channel_duplicates() {
    OwnedReorderBuffer buffer = new OwnedReorderBuffer(owner());
    UUID session = UUID.randomUUID();
    List<Object> out = new ArrayList<>();
    ReorderBuffer.Released collect = (item, sender) -> out.add(item);
    buffer.accept(seq(session, 1), "1", null, collect);
    buffer.accept(seq(session, 1), "1 again", null, collect);
    buffer.accept(seq(session, 3), "3", null, collect);
    buffer.accept(seq(session, 2), "2", null, collect);
    buffer.accept(seq(session, 2), "2 again", null, collect);
    buffer.accept(seq(session, 3), "3 again", null, collect);
    assertThat(out).containsExactly("1", "2", "3").inOrder();
  }

  @Test
  void test_sequencer_clone() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    // Java shares the sequencer by reference where upstream clones an Arc: both users continue
    // one sequence.
    Sequencer alias = sequencer;
    PortId dest = owner().portId(PortId.HANDLER_INDEX);
    assertThat(sequencer.assign(dest)).isEqualTo(seq(sequencer.session(), 1));
    assertThat(alias.assign(dest)).isEqualTo(seq(sequencer.session(), 2));
    assertThat(sequencer.assign(dest)).isEqualTo(seq(sequencer.session(), 3));
  }

  @Test
  void test_sequencer_handler_ports_share_sequence() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    ActorId dest = owner();
    ActorId other = dest.procId().actorId("other");
    assertThat(sequencer.assign(dest.portId(PortId.HANDLER_INDEX)))
        .isEqualTo(seq(sequencer.session(), 1));
    assertThat(sequencer.assign(dest.portId(PortId.UNDELIVERABLE_INDEX)))
        .isEqualTo(seq(sequencer.session(), 2));
    assertThat(sequencer.assign(dest.portId(PortId.HANDLER_INDEX)))
        .isEqualTo(seq(sequencer.session(), 3));
    assertThat(sequencer.assign(other.portId(PortId.HANDLER_INDEX)))
        .isEqualTo(seq(sequencer.session(), 1));
  }

  @Test
  void test_sequencer_non_handler_ports_have_independent_sequences() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    PortId p1 = owner().portId(1024);
    PortId p2 = owner().portId(1025);
    assertThat(sequencer.assign(p1)).isEqualTo(seq(sequencer.session(), 1));
    assertThat(sequencer.assign(p1)).isEqualTo(seq(sequencer.session(), 2));
    assertThat(sequencer.assign(p2)).isEqualTo(seq(sequencer.session(), 1));
    assertThat(sequencer.assign(p1)).isEqualTo(seq(sequencer.session(), 3));
    assertThat(sequencer.assign(p2)).isEqualTo(seq(sequencer.session(), 2));
  }

  @Test
  void test_sequencer_mixed_handler_and_non_handler_ports() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    PortId handler = owner().portId(PortId.HANDLER_INDEX);
    PortId dynamic = owner().portId(1024);
    assertThat(sequencer.assign(handler)).isEqualTo(seq(sequencer.session(), 1));
    assertThat(sequencer.assign(dynamic)).isEqualTo(seq(sequencer.session(), 1));
    assertThat(sequencer.assign(handler)).isEqualTo(seq(sequencer.session(), 2));
    assertThat(sequencer.assign(dynamic)).isEqualTo(seq(sequencer.session(), 2));
    assertThat(sequencer.assign(handler)).isEqualTo(seq(sequencer.session(), 3));
  }

  /** Records the numbers it handles. */
  static final class Recorder implements Actor<Integer> {
    final LinkedBlockingQueue<Integer> seen = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<Integer> cx, Integer n) {
      seen.add(n);
    }
  }

  /** A forwarder that holds every envelope and then delivers them in a shuffled order. */
  static final class ShufflingRelay implements MailboxSender {
    final List<MessageEnvelope> held = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void post(MessageEnvelope envelope) {
      held.add(envelope);
    }

    void release(MailboxSender into, Random random) {
      List<MessageEnvelope> batch = new ArrayList<>(held);
      held.clear();
      Collections.shuffle(batch, random);
      batch.forEach(into::post);
    }
  }

  @Test
  void test_sequencing_actor_ref_random_delivery_order() throws Exception {
    ShufflingRelay relay = new ShufflingRelay();
    Proc senderProc =
        Procs.configured(
            new ProcId(new ChannelAddr.Local(1_000_001), "sender"),
            relay,
            TestServices.shared(),
            TestServices.NO_EXIT);
    Proc receiverProc = proc();
    try {
      Recorder recorder = new Recorder();
      ActorHandle<Integer> handle = receiverProc.spawn("recorder", recorder);
      ActorRef<Integer> ref = handle.bind();
      ClientInstance client = senderProc.instance("client");
      int n = 200;
      for (int i = 1; i <= n; i++) {
        ref.send(client, i);
      }
      assertThat(relay.held).hasSize(n);
      relay.release(receiverProc, new Random(7));
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        got.add(recorder.seen.poll(30, TimeUnit.SECONDS));
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        expected.add(i);
      }
      assertThat(got).containsExactlyElementsIn(expected).inOrder();
    } finally {
      senderProc.destroyAndWait(java.time.Duration.ofSeconds(5), null, "test finished");
    }
  }
}
