package io.hyperactor.internal;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.PortHandle;
import io.hyperactor.PortReceiver;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client instance's undeliverable port: returned messages are logged, or, once the client asked
 * for them ({@link io.hyperactor.ClientInstance#undeliverables}), queued for it until it closes the
 * receiver.
 *
 * <p>Holds no reference to its client, so that an unclosed client can still become unreachable
 * and be closed by its cleaner. Thread-safe; one consumer.
 */
final class ClientReturns implements PortSink, PortReceiver<Undeliverable> {
  private static final Logger log = LoggerFactory.getLogger(ClientReturns.class);

  private final MailboxImpl mailbox;
  private final ActorId owner;
  private final Sequencer sequencer;
  private final PortId portId;
  private final PortHandleImpl<Undeliverable> handle;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile boolean collecting;

  ClientReturns(MailboxImpl mailbox, Sequencer sequencer) {
    this.mailbox = mailbox;
    this.owner = mailbox.actorId();
    this.sequencer = sequencer;
    this.portId = owner.portId(PortId.UNDELIVERABLE_INDEX);
    this.handle = new PortHandleImpl<>(mailbox, portId, this);
  }

  /** Starts queueing returned messages instead of logging them. */
  ClientReturns collect() {
    collecting = true;
    return this;
  }

  @Override
  public void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender) {
    if (!(message instanceof Undeliverable u)) {
      throw new MailboxSenderException(
          portId,
          MailboxSenderException.Kind.WRONG_TYPE,
          null,
          "undeliverable port of "
              + owner
              + " accepts "
              + Undeliverable.class.getName()
              + ", got "
              + message.getClass().getName());
    }
    if (AbstractInstance.noteReturned(owner, sequencer, u)
        || AbstractInstance.translateReturn(mailbox, u)
        || AbstractInstance.failAsk(mailbox, u)) {
      return;
    }
    if (collecting) {
      queue.offer(u);
    } else {
      log.error("{}: message returned undeliverable to client: {}", owner, u);
    }
  }

  @Override
  public PortHandle<Undeliverable> handle() {
    return handle;
  }

  @Override
  public Undeliverable recv(Duration timeout) throws InterruptedException, TimeoutException {
    Undeliverable u = (Undeliverable) ActorDispatcher.poll(queue, timeout.toNanos());
    if (u == null) {
      throw new TimeoutException("no returned message for " + owner + " within " + timeout);
    }
    return u;
  }

  @Override
  public @Nullable Undeliverable tryRecv() {
    return (Undeliverable) queue.poll();
  }

  /** Stops queueing: later returned messages are logged again. */
  @Override
  public void close() {
    collecting = false;
  }
}
