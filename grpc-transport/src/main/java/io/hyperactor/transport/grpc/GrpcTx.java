package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.SendCallback;
import io.hyperactor.internal.channel.StatusCell;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Hello;
import io.hyperactor.transport.grpc.proto.LinkGrpc;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending end of a gRPC link: a session of sequenced messages carried over one bidirectional
 * stream at a time, resent in order on a new stream after a reconnect.
 *
 * <p>Posting encodes the message on the caller's thread, gives it the next sequence number and
 * queues it in the outbox; a drain task on the transport executor moves queued messages into
 * batches while the stream is ready (gRPC flow control). Written messages wait in {@code unacked}
 * until a cumulative ack covers them. Every message ends in exactly one of: acked, nacked (returned
 * with the receiver's reason), or returned when the link closes. Thread-safe; all state is guarded
 * by {@code lock}, and user callbacks run outside it.
 */
final class GrpcTx<M> implements Tx<M> {
  private static final Logger logger = LoggerFactory.getLogger(GrpcTx.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Batches stop growing past this many bytes; a larger message still travels alone. */
  static final int BATCH_BYTES = 256 * 1024;

  private static final int BATCH_MESSAGES = 4096;
  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ChannelAddr addr;
  private final ChannelCodec<M> codec;
  private final Consumer<? super SendError<M>> returnHandler;
  private final ChannelSettings settings;
  private final long maxFrameLength;
  private final GrpcResources.Lease lease;
  private final ManagedChannel channel;
  private final LinkGrpc.LinkStub stub;
  private final long sessionId = RANDOM.nextLong();
  private final String sessionName;
  private final StatusCell status = new StatusCell();

  private final Object lock = new Object();
  // Guarded by lock.
  private final ArrayDeque<Outgoing<M>> outbox = new ArrayDeque<>();
  private final ArrayDeque<Outgoing<M>> unacked = new ArrayDeque<>();
  private long nextSeq;
  private long ackedBelow;
  private @Nullable Stream stream;
  private int generation;
  private boolean drainScheduled;
  private @Nullable ScheduledFuture<?> deliveryTimer;
  private @Nullable ScheduledFuture<?> reconnectTimer;
  private long backoffNanos = MIN_BACKOFF_NANOS;
  private long connectedSinceNanos = -1;
  private long disconnectedSinceNanos = -1;
  private long lastConnectedForNanos = -1;

  GrpcTx(
      ChannelAddr addr,
      ChannelCodec<M> codec,
      Consumer<? super SendError<M>> returnHandler,
      ChannelSettings settings) {
    this.addr = checkNotNull(addr, "addr");
    this.codec = checkNotNull(codec, "codec");
    this.returnHandler = checkNotNull(returnHandler, "returnHandler");
    this.settings = checkNotNull(settings, "settings");
    this.maxFrameLength = Frames.effectiveMaxFrameLength(settings.maxFrameLength());
    this.sessionName = "session " + addr + "." + String.format("%016x", sessionId);
    this.lease = GrpcResources.SHARED.acquire();
    try {
      this.channel =
          NettyChannelBuilder.forAddress(SocketAddresses.of(addr))
              .channelType(lease.clientChannelType(addr.transport()))
              .eventLoopGroup(lease.eventLoop())
              .executor(lease.executor())
              .usePlaintext()
              .maxInboundMessageSize(Frames.MAX_RESPONSE_FRAME)
              .build();
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
    this.stub = LinkGrpc.newStub(channel).withWaitForReady();
  }

  @Override
  public ChannelAddr addr() {
    return addr;
  }

  @Override
  public void post(M message) {
    enqueue(message, SendCallback.of(returnHandler));
  }

  @Override
  public void post(M message, Consumer<? super SendError<M>> onUndeliverable) {
    enqueue(message, SendCallback.of(onUndeliverable));
  }

  @Override
  public void postAcked(M message, CompletableFuture<Void> acked) {
    enqueue(message, SendCallback.of(acked));
  }

  @Override
  public LinkStatus status() {
    return status.get();
  }

  @Override
  public CompletableFuture<LinkStatus.Closed> whenClosed() {
    return status.whenClosed();
  }

  @Override
  public void close() {
    terminate(ChannelException.Kind.CLOSED, "sender closed", true);
    try {
      // The half-close normally ends the call at once; a receiver that never answers is cut off.
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
        channel.awaitTermination(10, TimeUnit.SECONDS);
      }
      lease.release().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      logger.warn("{}: stopping transport threads failed", sessionName, e);
    }
  }

  @Override
  public String toString() {
    return "GrpcTx[" + sessionName + "]";
  }

  private void enqueue(M message, SendCallback<M> callback) {
    checkNotNull(message, "message");
    long now = System.nanoTime();
    byte[] bytes;
    try {
      bytes = codec.encode(message);
    } catch (RuntimeException e) {
      callback.failed(
          new SendError<>(
              message,
              new ChannelException(
                  ChannelException.Kind.CODEC,
                  sessionName + ": failed to encode message with " + codec + ": " + e.getMessage(),
                  e)));
      return;
    }
    if (bytes.length > maxFrameLength) {
      callback.failed(
          new SendError<>(
              message,
              new ChannelException(
                  ChannelException.Kind.OVERSIZED_FRAME,
                  sessionName
                      + ": rejecting oversize frame: len="
                      + bytes.length
                      + " > max="
                      + maxFrameLength
                      + "; increase codec_max_frame_length to allow")));
      return;
    }
    synchronized (lock) {
      if (!status.isClosed()) {
        // The channel keeps the encoded array; the codec contract lets it.
        ByteString wrapped = UnsafeByteOperations.unsafeWrap(bytes);
        outbox.addLast(new Outgoing<>(nextSeq++, wrapped, message, callback, now));
        if (deliveryTimer == null) {
          armDeliveryTimer(now + settings.deliveryTimeout().toNanos());
        }
        if (stream == null) {
          if (reconnectTimer == null) {
            openStream();
          }
        } else {
          scheduleDrain();
        }
        return;
      }
    }
    callback.failed(new SendError<>(message, closedError()));
  }

  private ChannelException closedError() {
    return new ChannelException(
        ChannelException.Kind.CLOSED,
        sessionName + ": link closed: " + status.reasonOr("closed"));
  }

  // ---- streams

  /** One gRPC call of this session; callbacks from a superseded stream are ignored. */
  private final class Stream implements ClientResponseObserver<Frame, Frame> {
    final int id;
    @Nullable ClientCallStreamObserver<Frame> requests;
    boolean ready;

    Stream(int id) {
      this.id = id;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Frame> requests) {
      this.requests = requests;
      requests.setOnReadyHandler(() -> onReady(this));
    }

    @Override
    public void onNext(Frame frame) {
      onFrame(this, frame);
    }

    @Override
    public void onError(Throwable t) {
      onStreamEnded(this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      onStreamEnded(this, Status.UNAVAILABLE.withDescription("receiver ended the stream"));
    }
  }

  private void openStream() {
    // Called with lock held.
    Stream opened = new Stream(++generation);
    stream = opened;
    stub.open(opened);
    ClientCallStreamObserver<Frame> requests = checkNotNull(opened.requests);
    requests.onNext(
        Frame.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setSessionId(sessionId)
                    .setAckedBelow(ackedBelow)
                    .setDest(addr.toString()))
            .build());
    // Everything written on an earlier stream but not acknowledged is resent first, in order.
    Iterator<Outgoing<M>> back = unacked.descendingIterator();
    while (back.hasNext()) {
      outbox.addFirst(back.next());
    }
    unacked.clear();
    scheduleDrain();
  }

  private void onReady(Stream ready) {
    synchronized (lock) {
      if (ready != stream) {
        return;
      }
      if (!ready.ready) {
        ready.ready = true;
        connectedSinceNanos = System.nanoTime();
      }
      scheduleDrain();
    }
  }

  private void scheduleDrain() {
    // Called with lock held.
    if (!drainScheduled && !outbox.isEmpty()) {
      drainScheduled = true;
      try {
        lease.executor().execute(this::drain);
      } catch (RuntimeException e) {
        drainScheduled = false;
        logger.warn("{}: cannot schedule a write", sessionName, e);
      }
    }
  }

  private void drain() {
    synchronized (lock) {
      drainScheduled = false;
      Stream current = stream;
      if (current == null || status.isClosed()) {
        return;
      }
      ClientCallStreamObserver<Frame> requests = checkNotNull(current.requests);
      while (!outbox.isEmpty() && requests.isReady()) {
        Batch.Builder batch = Batch.newBuilder();
        Outgoing<M> first = outbox.removeFirst();
        batch.setFirstSeq(first.seq).addMessages(first.bytes);
        unacked.addLast(first);
        long bytes = first.bytes.size();
        long lastSeq = first.seq;
        while (!outbox.isEmpty()
            && batch.getMessagesCount() < BATCH_MESSAGES
            && bytes + outbox.peekFirst().bytes.size() <= BATCH_BYTES
            && outbox.peekFirst().seq == lastSeq + 1) {
          Outgoing<M> next = outbox.removeFirst();
          batch.addMessages(next.bytes);
          unacked.addLast(next);
          bytes += next.bytes.size();
          lastSeq = next.seq;
        }
        requests.onNext(Frame.newBuilder().setBatch(batch).build());
      }
    }
  }

  private void onFrame(Stream from, Frame frame) {
    List<Outgoing<M>> acked = new ArrayList<>();
    @Nullable Outgoing<M> nacked = null;
    String nackReason = "";
    synchronized (lock) {
      if (from != stream) {
        return;
      }
      backoffNanos = MIN_BACKOFF_NANOS;
      switch (frame.getKindCase()) {
        case ACK -> {
          long below = frame.getAck().getAckedBelow();
          if (below > ackedBelow) {
            ackedBelow = below;
            popAcked(unacked, below, acked);
            // An ack may cover messages requeued for resending but not yet rewritten.
            popAcked(outbox, below, acked);
          }
        }
        case NACK -> {
          nacked = removeSeq(frame.getNack().getSeq());
          nackReason = frame.getNack().getReason();
        }
        case REJECT -> {
          String reason = frame.getReject().getReason();
          terminateLocked(
              ChannelException.Kind.REJECTED, "server rejected connection: " + reason, false);
        }
        case CLOSED -> {
          String reason = frame.getClosed().getReason();
          terminateLocked(ChannelException.Kind.CLOSED, "server closed: " + reason, false);
        }
        default ->
            logger.warn(
                "{}: ignoring an unexpected {} frame from the receiver",
                sessionName,
                frame.getKindCase());
      }
    }
    for (Outgoing<M> done : acked) {
      done.callback.acked();
    }
    if (nacked != null) {
      nacked.callback.failed(
          new SendError<>(
              nacked.message,
              new ChannelException(
                  nackReason.startsWith("rejecting oversize frame")
                      ? ChannelException.Kind.OVERSIZED_FRAME
                      : ChannelException.Kind.CODEC,
                  sessionName + ": receiver refused message seq " + nacked.seq + ": " + nackReason)));
    }
    runPendingFailures();
  }

  private static <M> void popAcked(ArrayDeque<Outgoing<M>> queue, long below, List<Outgoing<M>> out) {
    while (!queue.isEmpty() && queue.peekFirst().seq < below) {
      out.add(queue.removeFirst());
    }
  }

  private @Nullable Outgoing<M> removeSeq(long seq) {
    for (ArrayDeque<Outgoing<M>> queue : List.of(unacked, outbox)) {
      for (Iterator<Outgoing<M>> it = queue.iterator(); it.hasNext(); ) {
        Outgoing<M> candidate = it.next();
        if (candidate.seq == seq) {
          it.remove();
          return candidate;
        }
      }
    }
    return null;
  }

  private void onStreamEnded(Stream ended, Status cause) {
    synchronized (lock) {
      if (ended != stream) {
        return;
      }
      stream = null;
      long now = System.nanoTime();
      if (ended.ready) {
        lastConnectedForNanos = now - connectedSinceNanos;
        if (lastConnectedForNanos > TimeUnit.SECONDS.toNanos(1)) {
          backoffNanos = MIN_BACKOFF_NANOS;
        }
      }
      disconnectedSinceNanos = now;
      if (status.isClosed()) {
        return;
      }
      if (cause.getCode() == Status.Code.UNIMPLEMENTED
          || cause.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
        // Retrying cannot help: the peer is not a link server, or refuses our frames.
        terminateLocked(
            ChannelException.Kind.REJECTED,
            "server refused the link: " + cause.getCode() + ": " + cause.getDescription(),
            false);
      } else {
        logger.debug("{}: stream ended ({}); reconnecting", sessionName, cause);
        long delay = backoffNanos;
        backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
        reconnectTimer =
            lease.scheduler().schedule(this::reconnect, jitter(delay), TimeUnit.NANOSECONDS);
      }
    }
    runPendingFailures();
  }

  private void reconnect() {
    synchronized (lock) {
      reconnectTimer = null;
      if (stream == null && !status.isClosed()) {
        openStream();
      }
    }
  }

  private static long jitter(long nanos) {
    return (long) (nanos * (0.9 + 0.2 * RANDOM.nextDouble()));
  }

  // ---- delivery timeout

  private void armDeliveryTimer(long deadlineNanos) {
    // Called with lock held.
    long delay = Math.max(0, deadlineNanos - System.nanoTime());
    try {
      deliveryTimer =
          lease.scheduler().schedule(this::checkDeliveryTimeout, delay, TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      deliveryTimer = null;
      logger.warn("{}: cannot schedule the delivery timeout", sessionName, e);
    }
  }

  private void checkDeliveryTimeout() {
    synchronized (lock) {
      deliveryTimer = null;
      if (status.isClosed()) {
        return;
      }
      Outgoing<M> oldest = oldestPending();
      if (oldest == null) {
        return;
      }
      long now = System.nanoTime();
      long deadline = oldest.postedNanos + settings.deliveryTimeout().toNanos();
      if (now < deadline) {
        armDeliveryTimer(deadline);
        return;
      }
      Stream current = stream;
      boolean connected = current != null && current.ready;
      String what =
          connected || !unacked.isEmpty()
              ? "failed to receive ack within timeout "
              : "failed to deliver message within timeout ";
      terminateLocked(
          ChannelException.Kind.DELIVERY_TIMEOUT,
          what
              + format(settings.deliveryTimeout())
              + "; link is currently "
              + (connected ? "connected" : "broken")
              + "; "
              + linkStatus(now),
          false);
    }
    runPendingFailures();
  }

  private @Nullable Outgoing<M> oldestPending() {
    Outgoing<M> a = unacked.peekFirst();
    Outgoing<M> b = outbox.peekFirst();
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.seq < b.seq ? a : b;
  }

  private String linkStatus(long now) {
    Stream current = stream;
    if (current != null && current.ready) {
      return "connected for " + seconds(now - connectedSinceNanos);
    }
    if (disconnectedSinceNanos < 0 || lastConnectedForNanos < 0) {
      return "never connected";
    }
    return "last connected "
        + seconds(now - disconnectedSinceNanos - lastConnectedForNanos)
        + " ago, disconnected for "
        + seconds(now - disconnectedSinceNanos);
  }

  private static String seconds(long nanos) {
    return String.format("%.1fs", nanos / 1e9);
  }

  private static String format(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }

  // ---- termination

  private final ArrayDeque<Runnable> pendingFailures = new ArrayDeque<>();

  private void terminate(ChannelException.Kind kind, String reason, boolean halfClose) {
    synchronized (lock) {
      terminateLocked(kind, reason, halfClose);
    }
    runPendingFailures();
  }

  /**
   * Closes the link for good: status becomes Closed, the stream ends, and every message not yet
   * acknowledged is queued for return to its sender (run by {@link #runPendingFailures}).
   */
  private void terminateLocked(ChannelException.Kind kind, String reason, boolean halfClose) {
    if (!status.close(reason)) {
      return;
    }
    ChannelException error =
        new ChannelException(kind, sessionName + ": " + reason);
    if (kind == ChannelException.Kind.DELIVERY_TIMEOUT) {
      logger.warn("{}: {}", sessionName, reason);
    }
    List<Outgoing<M>> returned = new ArrayList<>(unacked);
    returned.addAll(outbox);
    unacked.clear();
    outbox.clear();
    if (deliveryTimer != null) {
      deliveryTimer.cancel(false);
      deliveryTimer = null;
    }
    if (reconnectTimer != null) {
      reconnectTimer.cancel(false);
      reconnectTimer = null;
    }
    Stream current = stream;
    stream = null;
    if (current != null && current.requests != null) {
      if (halfClose) {
        // A deliberate close: the receiver may forget this session.
        current.requests.onCompleted();
      } else {
        current.requests.cancel(reason, null);
      }
    }
    channel.shutdown();
    for (Outgoing<M> message : returned) {
      pendingFailures.add(
          () -> message.callback.failed(new SendError<>(message.message, error)));
    }
  }

  private void runPendingFailures() {
    while (true) {
      Runnable next;
      synchronized (lock) {
        next = pendingFailures.pollFirst();
      }
      if (next == null) {
        return;
      }
      next.run();
    }
  }
}
