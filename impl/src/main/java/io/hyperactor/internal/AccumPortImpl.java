package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.hyperactor.AccumPortReceiver;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.PortHandle;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.ref.PortRef;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * An accumulating port: each update is folded into the state under a lock, and the new state
 * replaces any state the receiver has not read yet, so the receiver always reads the latest and the
 * queue never holds more than one state. Senders are any threads; one consumer.
 */
final class AccumPortImpl<S, U> implements AccumPortReceiver<U, S>, PortSink {
  private final MailboxImpl mailbox;
  private final PortId portId;
  private final Accumulator<S, U> accumulator;
  private final PortRef<U> ref;
  // At most one element, replaced by every update; read with the dispatcher's blocking poll.
  private final LinkedBlockingQueue<Object> latest = new LinkedBlockingQueue<>();
  private final Handle handle = new Handle();

  @GuardedBy("this")
  private S state;

  private volatile boolean closed;

  AccumPortImpl(
      MailboxImpl mailbox,
      long index,
      Accumulator<S, U> accumulator,
      ReducerMode.Streaming streamingOpts) {
    this.mailbox = mailbox;
    this.portId = mailbox.actorId().portId(index);
    this.accumulator = checkNotNull(accumulator, "accumulator");
    this.state = checkNotNull(accumulator.initialState(), "initial state");
    this.ref =
        new PortRef<>(
            portId,
            accumulator.reducerSpec().orElse(null),
            checkNotNull(streamingOpts, "streamingOpts"));
  }

  /**
   * Folds {@code message} into the state.
   *
   * @throws IllegalArgumentException when the accumulator cannot apply it; the state is unchanged
   */
  @Override
  @SuppressWarnings("unchecked")
  public synchronized void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender) {
    checkNotNull(message, "message");
    if (closed) {
      throw new MailboxSenderException(
          portId, MailboxSenderException.Kind.PORT_CLOSED, null, "port " + portId + " is closed");
    }
    S next;
    try {
      next = accumulator.accumulate(state, (U) message);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "accumulating port " + portId + " could not apply " + message + ": " + e.getMessage(), e);
    }
    state = next;
    latest.clear();
    latest.offer(next);
  }

  @Override
  public PortHandle<U> handle() {
    return handle;
  }

  @Override
  @SuppressWarnings("unchecked")
  public S recv(Duration timeout) throws InterruptedException, TimeoutException {
    Object s = ActorDispatcher.poll(latest, timeout.toNanos());
    if (s == null) {
      throw new TimeoutException("no update on accumulating port " + portId + " within " + timeout);
    }
    // A newer state may have replaced the taken one in the meantime.
    Object newer = latest.poll();
    return (S) (newer != null ? newer : s);
  }

  @Override
  @SuppressWarnings("unchecked")
  public @Nullable S tryRecv() {
    return (S) latest.poll();
  }

  @Override
  public void close() {
    closed = true;
    mailbox.unbind(portId.index());
  }

  /** The senders' side; its reference names the accumulator's reducer. */
  private final class Handle implements PortHandle<U> {
    @Override
    public PortId portId() {
      return portId;
    }

    @Override
    public void send(U message) {
      checkNotNull(message, "message");
      mailbox.deliverLocal(
          portId, AccumPortImpl.this, message, ImmutableMap.of(), SeqInfo.DIRECT, null);
    }

    @Override
    public void send(Instance<?> sender, U message) {
      checkNotNull(sender, "sender");
      checkNotNull(message, "message");
      mailbox.deliverLocal(
          portId, AccumPortImpl.this, message, ImmutableMap.of(), SeqInfo.DIRECT, sender.selfId());
    }

    @Override
    public PortRef<U> bind() {
      return ref;
    }

    @Override
    public String toString() {
      return "PortHandle{" + portId + "}";
    }
  }
}
