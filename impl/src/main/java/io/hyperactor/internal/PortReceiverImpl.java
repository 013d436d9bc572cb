package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.PortHandle;
import io.hyperactor.PortReceiver;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** A port whose messages queue for one consumer; senders are any threads. */
final class PortReceiverImpl<M> implements PortReceiver<M>, PortSink {
  private final MailboxImpl mailbox;
  private final PortId portId;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final PortHandleImpl<M> handle;
  private final Protocol protocol;
  private volatile boolean closed;

  PortReceiverImpl(MailboxImpl mailbox, long index) {
    this(mailbox, index, Protocol.ANY);
  }

  /** A port that accepts only messages of {@code protocol}. */
  PortReceiverImpl(MailboxImpl mailbox, long index, Protocol protocol) {
    this.mailbox = mailbox;
    this.portId = mailbox.actorId().portId(index);
    this.protocol = protocol;
    this.handle = new PortHandleImpl<>(mailbox, portId, this);
  }

  @Override
  public void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender) {
    checkNotNull(message, "message");
    if (closed) {
      throw new MailboxSenderException(
          portId, MailboxSenderException.Kind.PORT_CLOSED, null, "port " + portId + " is closed");
    }
    if (!protocol.accepts(message)) {
      throw new MailboxSenderException(
          portId,
          MailboxSenderException.Kind.WRONG_TYPE,
          null,
          protocol.refusal("port " + portId, message));
    }
    queue.offer(message);
  }

  @Override
  public PortHandle<M> handle() {
    return handle;
  }

  @Override
  @SuppressWarnings("unchecked")
  public M recv(Duration timeout) throws InterruptedException, TimeoutException {
    Object m = ActorDispatcher.poll(queue, timeout.toNanos());
    if (m == null) {
      throw new TimeoutException("no message on port " + portId + " within " + timeout);
    }
    return (M) m;
  }

  @Override
  @SuppressWarnings("unchecked")
  public @Nullable M tryRecv() {
    return (M) queue.poll();
  }

  @Override
  public void close() {
    closed = true;
    mailbox.unbind(portId.index());
  }
}
