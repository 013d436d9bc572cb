package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.OncePortHandle;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.accum.ReducerSpec;
import io.hyperactor.ref.OncePortRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-use port: the first message completes it and unbinds it from the mailbox. */
final class OncePortReceiverImpl<M> implements OncePortReceiver<M>, PortSink {
  private static final Logger log = LoggerFactory.getLogger(OncePortReceiverImpl.class);

  private final MailboxImpl mailbox;
  private final PortId portId;
  private final CompletableFuture<Object> value = new CompletableFuture<>();
  private final AtomicBoolean used = new AtomicBoolean();
  private final @Nullable ReducerSpec reducer;
  private final Protocol protocol;

  OncePortReceiverImpl(MailboxImpl mailbox, long index) {
    this(mailbox, index, null, Protocol.ANY);
  }

  /** A once port whose reference names {@code reducer}, if not null (a reduce port). */
  OncePortReceiverImpl(MailboxImpl mailbox, long index, @Nullable ReducerSpec reducer) {
    this(mailbox, index, reducer, Protocol.ANY);
  }

  /** A once port that accepts only a message of {@code protocol}. */
  OncePortReceiverImpl(MailboxImpl mailbox, long index, Protocol protocol) {
    this(mailbox, index, null, protocol);
  }

  private OncePortReceiverImpl(
      MailboxImpl mailbox, long index, @Nullable ReducerSpec reducer, Protocol protocol) {
    this.mailbox = mailbox;
    this.portId = mailbox.actorId().portId(index);
    this.reducer = reducer;
    this.protocol = protocol;
  }

  @Override
  public void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender) {
    checkNotNull(message, "message");
    // Checked before the port is used up: a message of the wrong type leaves it for the reply.
    if (!protocol.accepts(message)) {
      throw new MailboxSenderException(
          portId,
          MailboxSenderException.Kind.WRONG_TYPE,
          null,
          protocol.refusal("once port " + portId, message));
    }
    if (!used.compareAndSet(false, true)) {
      throw new MailboxSenderException(
          portId,
          MailboxSenderException.Kind.PORT_CLOSED,
          null,
          "once port " + portId + " has already been used");
    }
    mailbox.unbind(portId.index());
    if (!value.complete(message) && log.isWarnEnabled()) {
      log.warn(
          "{}: a reply arrived after the ask failed ({}); dropped: {}",
          portId,
          failure(),
          message.getClass().getName());
    }
  }

  /** The reply, as a future; completed by the first message, or exceptionally by {@link #fail}. */
  @SuppressWarnings("unchecked")
  CompletableFuture<M> future() {
    return (CompletableFuture<M>) (CompletableFuture<?>) value;
  }

  /**
   * Completes the port exceptionally (an ask that timed out or whose request came back). The port
   * stays bound, so a reply that still arrives is logged rather than bounced to its sender, which
   * did nothing wrong.
   */
  void fail(Throwable cause) {
    value.completeExceptionally(cause);
  }

  private String failure() {
    try {
      value.getNow(null);
      return "it already had a reply";
    } catch (RuntimeException e) {
      return String.valueOf(e.getCause() == null ? e : e.getCause());
    }
  }

  @Override
  public OncePortHandle<M> handle() {
    return new OncePortHandle<M>() {
      @Override
      public PortId portId() {
        return portId;
      }

      @Override
      public void send(M message) {
        mailbox.deliverLocal(
            portId, OncePortReceiverImpl.this, message, ImmutableMap.of(), SeqInfo.DIRECT, null);
      }

      @Override
      public OncePortRef<M> bind() {
        return new OncePortRef<>(portId, reducer);
      }
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public M recv(Duration timeout) throws InterruptedException, TimeoutException {
    try {
      if (!value.isDone()) {
        ActorDispatcher.beforeBlocking();
      }
      return (M) value.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("no reply on once port " + portId + " within " + timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException("once port " + portId + " failed", e.getCause());
    }
  }
}
