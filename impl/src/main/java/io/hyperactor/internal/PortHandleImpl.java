package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Instance;
import io.hyperactor.PortHandle;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;

/** A local handle over a bound port; thread-safe. */
final class PortHandleImpl<M> implements PortHandle<M> {
  private final MailboxImpl mailbox;
  private final PortId portId;
  private final PortSink sink;
  // The destination's key in a sender's sequencer, and its hash once computed: a sender that
  // spreads its messages over many destinations finds the counter by hash on almost every send,
  // and the hash walks the id's strings. Racy but idempotent (0: not yet, or a hash of 0).
  private final Object seqKey;
  private int seqHash;

  PortHandleImpl(MailboxImpl mailbox, PortId portId, PortSink sink) {
    this.mailbox = mailbox;
    this.portId = portId;
    this.sink = sink;
    this.seqKey = Sequencer.key(portId);
  }

  @Override
  public PortId portId() {
    return portId;
  }

  @Override
  public void send(M message) {
    checkNotNull(message, "message");
    mailbox.deliverLocal(portId, sink, message, ImmutableMap.of(), SeqInfo.DIRECT, null);
  }

  @Override
  public void send(Instance<?> sender, M message) {
    checkNotNull(sender, "sender");
    checkNotNull(message, "message");
    SeqInfo seq =
        sink.ordered(portId.index()) && sender instanceof AbstractInstance<?> s
            ? s.sequencer().assign(seqKey, seqHash())
            : SeqInfo.DIRECT;
    mailbox.deliverLocal(portId, sink, message, ImmutableMap.of(), seq, sender.selfId());
  }

  private int seqHash() {
    int h = seqHash;
    if (h == 0) {
      h = Sequencer.hash(seqKey);
      seqHash = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PortHandleImpl<?> other && other.portId.equals(portId);
  }

  @Override
  public int hashCode() {
    return portId.hashCode();
  }

  @Override
  public String toString() {
    return "PortHandle{" + portId + "}";
  }
}
