package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.DeliveryError;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.PortReceiver;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mailbox's port table: well-known ports, the first dynamic port's slot, and the rest. */
class MailboxImplTest {
  private final ActorId id = new ProcId(new ChannelAddr.Local(0), "mailbox").actorId("a");
  private final MailboxImpl mailbox =
      new MailboxImpl(id, (ProcImpl) TestSupport.proc(), UUID.randomUUID());

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  private static PortSink sink() {
    return (message, headers, seq, sender) -> {};
  }

  @Test
  void wellKnownPortsBindOnceAndUnbind() {
    PortSink[] sinks = {sink(), sink(), sink(), sink()};
    for (int i = 0; i < 4; i++) {
      mailbox.bind(i, sinks[i]);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(mailbox.sink(i)).isSameInstanceAs(sinks[i]);
    }
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> mailbox.bind(PortId.SIGNAL_INDEX, sink()));
    assertThat(e).hasMessageThat().isEqualTo("port 1 of " + id + " is already bound");
    mailbox.unbind(PortId.SIGNAL_INDEX);
    assertThat(mailbox.sink(PortId.SIGNAL_INDEX)).isNull();
    assertThat(mailbox.sink(4)).isNull();
  }

  @Test
  void dynamicPortsInTheSlotAndTheMap() {
    long first = mailbox.allocateIndex();
    long second = mailbox.allocateIndex();
    long third = mailbox.allocateIndex();
    PortSink a = sink();
    PortSink b = sink();
    PortSink c = sink();
    mailbox.bind(first, a);
    mailbox.bind(second, b);
    assertThat(mailbox.sink(first)).isSameInstanceAs(a);
    assertThat(mailbox.sink(second)).isSameInstanceAs(b);
    assertThat(mailbox.sink(third)).isNull();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> mailbox.bind(first, sink()));
    assertThat(e).hasMessageThat().isEqualTo("port " + first + " of " + id + " is already bound");
    // Unbinding the slot's port leaves the slot to that index: a new port goes to the map.
    mailbox.unbind(first);
    assertThat(mailbox.sink(first)).isNull();
    mailbox.bind(third, c);
    assertThat(mailbox.sink(third)).isSameInstanceAs(c);
    assertThat(mailbox.sink(first)).isNull();
    // The slot's own index may be bound again.
    PortSink again = sink();
    mailbox.bind(first, again);
    assertThat(mailbox.sink(first)).isSameInstanceAs(again);
    mailbox.unbind(second);
    assertThat(mailbox.sink(second)).isNull();
    assertThat(mailbox.sink(third)).isSameInstanceAs(c);
  }

  @Test
  void theOwnersFlagsShareTheWordOfBoundPortsWithoutDisturbingThem() {
    PortSink handler = sink();
    int a = MailboxImpl.FIRST_FLAG;
    int b = MailboxImpl.FIRST_FLAG << 1;
    mailbox.setFlags(a);
    mailbox.bind(PortId.HANDLER_INDEX, handler);
    mailbox.bind(PortId.FIRST_DYNAMIC_INDEX, handler);
    assertThat(mailbox.hasFlags(a)).isTrue();
    assertThat(mailbox.hasFlags(b)).isFalse();
    mailbox.setFlags(b);
    mailbox.unbind(PortId.FIRST_DYNAMIC_INDEX);
    assertThat(mailbox.hasFlags(a | b)).isTrue();
    assertThat(mailbox.sink(PortId.HANDLER_INDEX)).isSameInstanceAs(handler);
    assertThat(mailbox.sink(PortId.FIRST_DYNAMIC_INDEX)).isNull();
    // The ports' bits are not flags.
    assertThrows(IllegalArgumentException.class, () -> mailbox.setFlags(1));
    assertThrows(
        IllegalArgumentException.class, () -> mailbox.setFlags(MailboxImpl.FIRST_FLAG >> 1));
  }

  @Test
  void portsOfTheOwnersSinkAndOfTheMailboxItself() {
    PortSink owner = sink();
    // As the cell is: a mailbox that is a sink itself and knows its owner's sink.
    final class OwnedMailbox extends MailboxImpl implements PortSink {
      OwnedMailbox() {
        super(id, (ProcImpl) TestSupport.proc(), UUID.randomUUID());
      }

      @Override
      PortSink ownerSink() {
        return owner;
      }

      @Override
      public void deliver(
          Object message,
          com.google.common.collect.ImmutableMap<String, String> headers,
          SeqInfo seq,
          @org.jspecify.annotations.Nullable Object sender) {}
    }
    OwnedMailbox withOwner = new OwnedMailbox();
    PortSink self = withOwner;
    withOwner.bind(PortId.HANDLER_INDEX, owner);
    withOwner.bind(PortId.SIGNAL_INDEX, owner);
    withOwner.bind(PortId.INTROSPECT_INDEX, self);
    withOwner.bind(PortId.UNDELIVERABLE_INDEX, owner);
    long first = withOwner.allocateIndex();
    withOwner.bind(first, owner);
    long second = withOwner.allocateIndex();
    withOwner.bind(second, owner);
    assertThat(withOwner.sink(PortId.HANDLER_INDEX)).isSameInstanceAs(owner);
    assertThat(withOwner.sink(PortId.SIGNAL_INDEX)).isSameInstanceAs(owner);
    assertThat(withOwner.sink(PortId.INTROSPECT_INDEX)).isSameInstanceAs(self);
    assertThat(withOwner.sink(PortId.UNDELIVERABLE_INDEX)).isSameInstanceAs(owner);
    assertThat(withOwner.sink(first)).isSameInstanceAs(owner);
    assertThat(withOwner.sink(second)).isSameInstanceAs(owner);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> withOwner.bind(PortId.SIGNAL_INDEX, owner));
    assertThat(e).hasMessageThat().isEqualTo("port 1 of " + id + " is already bound");
    // Unbinding one port leaves the others; another sink may then take the port.
    withOwner.unbind(PortId.SIGNAL_INDEX);
    assertThat(withOwner.sink(PortId.SIGNAL_INDEX)).isNull();
    assertThat(withOwner.sink(PortId.HANDLER_INDEX)).isSameInstanceAs(owner);
    assertThat(withOwner.sink(PortId.UNDELIVERABLE_INDEX)).isSameInstanceAs(owner);
    PortSink other = sink();
    withOwner.bind(PortId.SIGNAL_INDEX, other);
    assertThat(withOwner.sink(PortId.SIGNAL_INDEX)).isSameInstanceAs(other);
    withOwner.unbind(PortId.SIGNAL_INDEX);
    assertThat(withOwner.sink(PortId.SIGNAL_INDEX)).isNull();
    withOwner.unbind(first);
    assertThat(withOwner.sink(first)).isNull();
    assertThat(withOwner.sink(second)).isSameInstanceAs(owner);
    assertThat(withOwner.sink(PortId.INTROSPECT_INDEX)).isSameInstanceAs(self);
  }

  @Test
  void test_mailbox_rejects_messages_for_other_actors() throws Exception {
    ClientInstanceImpl owner = (ClientInstanceImpl) TestSupport.proc().instance("owner");
    PortReceiver<Undeliverable> returned = owner.undeliverables();
    PortId dest = owner.selfId().procId().actorId("other").portId(1234);
    owner.cell.post(MessageEnvelope.of(owner.selfId(), dest, 42L, SeqInfo.DIRECT, 64));
    Undeliverable u = returned.recv(TestSupport.TIMEOUT);
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.MAILBOX);
    assertThat(u.error().message())
        .isEqualTo("mailbox owner " + owner.selfId() + " cannot deliver to " + dest);
    assertThat(u.envelope().payload()).isEqualTo(42L);
  }
}
