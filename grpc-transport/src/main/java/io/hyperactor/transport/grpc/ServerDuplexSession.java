package io.hyperactor.transport.grpc;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.DeliveryQueue;
import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Frame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side of one duplex session: a {@link ReceiverSession} for what the dialer sends and
 * a {@link SenderEngine} for what this side sends, both on the dialer's current call.
 *
 * <p>This side cannot dial: while no call is attached, its messages wait (bounded by the delivery
 * timeout) for the dialer to reconnect. When either side ends, the whole session ends. Thread-safe;
 * lock order is engine, then receiver, then call.
 */
final class ServerDuplexSession<I, O>
    implements AcceptedSession, DuplexLink<I, O>, SenderEngine.Owner {
  private static final Logger logger = LoggerFactory.getLogger(ServerDuplexSession.class);

  /** How long a graceful close waits for the dialer's final acknowledgement. */
  private static final long CLOSE_ANSWER_TIMEOUT_SECONDS = 10;

  private final long sessionId;
  private final ChannelAddr addr;
  private final DeliveryQueue<I> inbound;
  private final ReceiverSession<I> receiver;
  private final SenderEngine<O> engine;
  private final EngineTx<O> tx;
  private final QueueRx<I> rx;
  private final Consumer<ServerDuplexSession<I, O>> onEnded;
  // Guarded by the engine's lock.
  private @Nullable FrameWriter call;
  private @Nullable CompletableFuture<Void> closeAnswered;

  ServerDuplexSession(
      long sessionId,
      ChannelAddr addr,
      ChannelCodec<I> inCodec,
      ChannelCodec<O> outCodec,
      ChannelSettings settings,
      Executor executor,
      ScheduledExecutorService scheduler,
      Consumer<ServerDuplexSession<I, O>> onEnded) {
    this.sessionId = sessionId;
    this.addr = addr;
    this.onEnded = onEnded;
    String name = "duplex session " + addr + "." + String.format("%016x", sessionId);
    this.inbound = new DeliveryQueue<>(name, GrpcRx.QUEUE_CAPACITY);
    this.engine = new SenderEngine<>(name, "client", outCodec, settings, executor, scheduler, this);
    // The receiver ends on a sequence gap or a half-close; the engine follows, off the receiver's
    // lock so the lock order holds.
    this.receiver =
        new ReceiverSession<>(
            sessionId,
            addr.toString(),
            inCodec,
            inbound,
            settings,
            scheduler,
            ended -> executor.execute(this::receiverEnded));
    Consumer<SendError<O>> logReturned =
        error ->
            logger.warn(
                "undeliverable message posted on {} and returned: {}", name, error.reason());
    this.tx = new EngineTx<>(addr, engine, logReturned, this::close);
    this.rx = new QueueRx<>(addr, inbound, this::close);
  }

  long sessionId() {
    return sessionId;
  }

  @Override
  public Tx<O> tx() {
    return tx;
  }

  @Override
  public Rx<I> rx() {
    return rx;
  }

  @Override
  public void close() {
    finishClose(beginClose("link closed"), "link closed");
  }

  /**
   * Starts a graceful close: acknowledges what this side took and writes Closed, keeping the call
   * open for the dialer's answer (its final acknowledgement, then its own Closed). The future
   * completes when the dialer answered or the call ended; at once when nothing is connected.
   */
  CompletableFuture<Void> beginClose(String reason) {
    synchronized (engine.lock) {
      if (engine.status().isClosed() || closeAnswered != null) {
        return CompletableFuture.completedFuture(null);
      }
      closeAnswered = new CompletableFuture<>();
      inbound.close(
          new ChannelException(
              ChannelException.Kind.CLOSED, "link " + addr + " closed: " + reason));
      if (call == null) {
        closeAnswered.complete(null);
      } else {
        receiver.close(reason, false);
      }
      return closeAnswered;
    }
  }

  /** Waits (bounded) for the dialer's answer, then returns what is still unacknowledged. */
  void finishClose(CompletableFuture<Void> answered, String reason) {
    try {
      answered.get(CLOSE_ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      logger.debug("{}: no answer to the close: {}", engine, e.toString());
    }
    engine.terminate(ChannelException.Kind.CLOSED, reason);
  }

  /** Closes at once because the server is closing before the session was ever accepted. */
  void serverClosed() {
    engine.terminate(ChannelException.Kind.CLOSED, "server closed");
  }

  private boolean answerClose() {
    // Called with the engine's lock held.
    if (closeAnswered == null) {
      return false;
    }
    closeAnswered.complete(null);
    return true;
  }

  private void receiverEnded() {
    synchronized (engine.lock) {
      if (closeAnswered != null) {
        return; // Our own graceful close ended the receiver; finishClose terminates.
      }
    }
    engine.terminate(ChannelException.Kind.CLOSED, "duplex session ended");
  }

  // ---- SenderEngine.Owner

  @Override
  public void needCall() {
    // Only the dialer opens calls; messages wait for it.
  }

  @Override
  public void terminated(ChannelException.Kind kind, String reason) {
    // Called with the engine's lock held.
    inbound.close(
        new ChannelException(ChannelException.Kind.CLOSED, "link " + addr + " closed: " + reason));
    receiver.close(reason);
    FrameWriter current = call;
    call = null;
    if (current != null) {
      current.complete();
    }
    onEnded.accept(this);
  }

  // ---- AcceptedSession

  @Override
  public void attach(FrameWriter newCall, long initiatorAckedBelow) {
    synchronized (engine.lock) {
      if (engine.status().isClosed()) {
        newCall.write(
            Frame.newBuilder()
                .setClosed(
                    io.hyperactor.transport.grpc.proto.Closed.newBuilder()
                        .setReason(engine.status().reasonOr("closed")))
                .build());
        newCall.complete();
        return;
      }
      call = newCall;
      engine.attach(newCall);
      receiver.attach(newCall, initiatorAckedBelow);
      // The accepting side's calls are ready as soon as they exist.
      engine.onReady(newCall);
    }
  }

  @Override
  public void skip(FrameWriter call, long below) {
    receiver.skip(call, below);
  }

  @Override
  public void initiatorLimit(FrameWriter call, long maxFrameLength) {
    engine.peerLimit(call, maxFrameLength);
  }

  @Override
  public boolean receive(FrameWriter from, Batch batch) {
    return receiver.receive(from, batch);
  }

  @Override
  public void onFrame(FrameWriter from, Frame frame) {
    if (frame.hasClosed() || frame.hasReject()) {
      synchronized (engine.lock) {
        if (answerClose()) {
          return; // The dialer's answer to our close; finishClose terminates.
        }
      }
    }
    // A Closed or Reject terminates the engine, whose hook acknowledges what this side took and
    // ends the receiver; doing it in that order keeps the peer's reason as the session's reason.
    engine.onFrame(from, frame);
  }

  @Override
  public void detach(FrameWriter from) {
    synchronized (engine.lock) {
      if (call == from) {
        call = null;
        answerClose();
      }
      engine.detach(from);
      receiver.detach(from);
    }
  }

  @Override
  public void initiatorClosed(FrameWriter from) {
    synchronized (engine.lock) {
      if (answerClose()) {
        return; // finishClose terminates, which ends the call.
      }
    }
    engine.terminate(ChannelException.Kind.CLOSED, "client closed the link");
    from.complete();
  }

  @Override
  public void whenSpace(Runnable resume) {
    inbound.whenSpace(resume);
  }

  @Override
  public void onReady(FrameWriter from) {
    engine.onReady(from);
  }

  @Override
  public String toString() {
    return engine.toString();
  }
}
