package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.ByteString;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.SendError;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.LinkStates;
import io.hyperactor.internal.channel.SendCallback;
import io.hyperactor.internal.channel.StatusCell;
import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.NackCode;
import io.hyperactor.transport.grpc.proto.Skip;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one link session: sequence numbers, the outbox, the unacknowledged window,
 * batching, acknowledgements and the delivery timeout, independent of who opens the calls.
 *
 * <p>Posting encodes the message on the caller's thread and queues it in the outbox; a drain task
 * on the transport executor gives queued messages the next sequence numbers and moves them into
 * batches while the current call is ready (gRPC flow control). Written messages wait in {@code
 * unacked} until a cumulative ack covers them; when a new call is attached, they are resent first,
 * in order. Every message ends in exactly one of: acknowledged, refused (by this side's or the
 * receiver's frame limit, or a Nack), returned after the delivery timeout (alone: the link
 * carries on, and the receiver is told to skip it), or returned when the session terminates.
 *
 * <p>Frame limits: a message over this side's {@code codec_max_frame_length} is refused when
 * posted. The receiver states its own limit in the {@code Accept} that answers each call's
 * {@code Hello} ({@link #peerLimit}); from then on a message over it is refused here, alone, before
 * it is written, so that no frame ever exceeds what the receiver's gRPC layer reads. Until the
 * current call's {@code Accept} arrives, a message over {@value #UNANNOUNCED_LIMIT} bytes, which
 * every receiver reads, waits at the head of the outbox.
 *
 * <p>Thread-safe: state is guarded by {@link #lock}, which the owner may also hold while attaching
 * calls; user callbacks run outside it.
 */
final class SenderEngine<M> {
  private static final Logger logger = LoggerFactory.getLogger(SenderEngine.class);

  /** Batches stop growing past this many bytes; a larger message still travels alone. */
  static final int BATCH_BYTES = 256 * 1024;

  private static final int BATCH_MESSAGES = 4096;

  /**
   * The largest message written before the receiver stated its limit: every receiver's gRPC layer
   * reads a batch of this size ({@link Frames#maxInboundFrame}).
   */
  static final int UNANNOUNCED_LIMIT = BATCH_BYTES;

  /** After returning expired messages, the next check waits at least this long. */
  private static final long EXPIRY_GRANULARITY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** A post this long after the previous one finds the link idle, and is written at once. */
  private static final long IDLE_NANOS = 50_000;

  /** What the engine needs from whoever manages its calls. */
  interface Owner {
    /** A message is waiting and no call is attached; called with {@link #lock} held. */
    void needCall();

    /** The session terminated; called once, with {@link #lock} held. */
    void terminated(ChannelException.Kind kind, String reason);

    /**
     * A message went unacknowledged for the delivery timeout, so the current connection may be
     * stuck; an owner that dials may replace it. Called with {@link #lock} held.
     */
    default void stalled() {}

    /**
     * Why the last attempt to connect failed, while no connection is up; null when unknown or
     * connected. Called with {@link #lock} held, so it must not block.
     */
    default @Nullable String connectFailure() {
      return null;
    }
  }

  /** Guards the engine; owners may hold it around {@link #attach}. */
  final Object lock = new Object();

  private final String name;
  private final String peer;
  private final ChannelCodec<M> codec;
  private final ChannelSettings settings;
  private final long maxFrameLength;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final Owner owner;
  private final StatusCell status = new StatusCell();

  // Guarded by lock.
  private final ArrayDeque<Outgoing<M>> outbox = new ArrayDeque<>();
  private final ArrayDeque<Outgoing<M>> unacked = new ArrayDeque<>();
  private final ArrayDeque<Runnable> pendingCallbacks = new ArrayDeque<>();
  private long nextSeq;
  private long ackedBelow;
  // Every written message below this that is not acknowledged was returned after the delivery
  // timeout; the receiver is told with a Skip.
  private long skippedBelow;
  // The receiver's limit as its Accept on the current call stated it; UNKNOWN until then.
  private long peerMaxFrameLength = UNKNOWN;
  private static final long UNKNOWN = -1;
  private @Nullable FrameWriter writer;
  private boolean writerReady;
  private boolean drainScheduled;
  private long lastPostNanos = System.nanoTime() - IDLE_NANOS;
  private @Nullable ScheduledFuture<?> deliveryTimer;
  private long connectedSinceNanos = -1;
  // When the current call last made progress: attached, or an ack that moved.
  private long progressNanos = System.nanoTime();
  private long disconnectedSinceNanos = -1;
  private long lastConnectedForNanos = -1;
  // What JFR's link state events last reported (LinkStates).
  private String linkState = LinkStates.CONNECTING;

  /**
   * @param name how logs and errors name the session
   * @param peer how reasons name the other side: {@code "server"} or {@code "client"}
   */
  SenderEngine(
      String name,
      String peer,
      ChannelCodec<M> codec,
      ChannelSettings settings,
      Executor executor,
      ScheduledExecutorService scheduler,
      Owner owner) {
    this.name = checkNotNull(name, "name");
    this.peer = checkNotNull(peer, "peer");
    this.codec = checkNotNull(codec, "codec");
    this.settings = checkNotNull(settings, "settings");
    this.maxFrameLength = Frames.effectiveMaxFrameLength(settings.maxFrameLength());
    this.executor = checkNotNull(executor, "executor");
    this.scheduler = checkNotNull(scheduler, "scheduler");
    this.owner = checkNotNull(owner, "owner");
  }

  StatusCell status() {
    return status;
  }

  /** Every seq below this is acknowledged; sent in the Hello of a new call. */
  long ackedBelow() {
    synchronized (lock) {
      return ackedBelow;
    }
  }

  // ---- posting

  void post(M message, SendCallback<M> callback) {
    checkNotNull(message, "message");
    long now = System.nanoTime();
    List<ByteBuffer> buffers;
    try {
      buffers = codec.encodeToBuffers(message);
    } catch (RuntimeException e) {
      callback.failed(
          new SendError<>(
              message,
              new ChannelException(
                  ChannelException.Kind.CODEC,
                  name + ": failed to encode message with " + codec + ": " + e.getMessage(),
                  e)));
      return;
    }
    long length = WireBytes.size(buffers);
    if (length > maxFrameLength) {
      callback.failed(new SendError<>(message, oversized(length, maxFrameLength, "")));
      return;
    }
    // The channel keeps the encoded buffers, unchanged by the codec contract, without copying.
    ByteString wrapped = WireBytes.concat(buffers);
    long peerMax;
    synchronized (lock) {
      peerMax = peerMaxFrameLength;
      if (!status.isClosed() && (peerMax == UNKNOWN || length <= peerMax)) {
        outbox.addLast(new Outgoing<>(Outgoing.UNSENT, wrapped, message, callback, now));
        if (deliveryTimer == null) {
          armDeliveryTimer(now + settings.deliveryTimeout().toNanos());
        }
        boolean idle = now - lastPostNanos > IDLE_NANOS;
        lastPostNanos = now;
        FrameWriter current = writer;
        if (current == null) {
          owner.needCall();
        } else if (idle
            && writerReady
            && !drainScheduled
            && outbox.size() == 1
            && current.isReady()) {
          // A message after a pause is written at once on the posting thread: a hand-off to the
          // transport executor would add a thread wake-up to every request of a request/reply
          // exchange. Messages posted in quick succession go through the drain, and share batches.
          writeReady(current);
        } else {
          scheduleDrain();
        }
        return;
      }
    }
    callback.failed(
        new SendError<>(
            message,
            status.isClosed()
                ? closedError()
                : oversized(length, peerMax, " (the receiver's limit)")));
  }

  private ChannelException oversized(long length, long max, String whose) {
    return new ChannelException(
        ChannelException.Kind.OVERSIZED_FRAME,
        name
            + ": rejecting oversize frame: len="
            + length
            + " > max="
            + max
            + whose
            + "; increase codec_max_frame_length to allow");
  }

  /**
   * The receiver stated the largest message it takes. Messages over it that wait unwritten are
   * refused now, each alone; the others are written.
   */
  void peerLimit(FrameWriter call, long maxFrameLength) {
    synchronized (lock) {
      if (call != writer || status.isClosed()) {
        return;
      }
      peerMaxFrameLength = maxFrameLength;
      for (Iterator<Outgoing<M>> it = outbox.iterator(); it.hasNext(); ) {
        Outgoing<M> queued = it.next();
        long length = queued.bytes.size();
        if (queued.seq == Outgoing.UNSENT && length > maxFrameLength) {
          it.remove();
          ChannelException error = oversized(length, maxFrameLength, " (the receiver's limit)");
          pendingCallbacks.add(
              () -> queued.callback.failed(new SendError<>(queued.message, error)));
        }
      }
      scheduleDrain();
    }
    runCallbacks();
  }

  ChannelException closedError() {
    return new ChannelException(
        ChannelException.Kind.CLOSED, name + ": link closed: " + status.reasonOr("closed"));
  }

  // ---- calls

  /**
   * Makes {@code call} the one this session writes to; everything written earlier but not
   * acknowledged is resent on it first, in order.
   */
  void attach(FrameWriter call) {
    synchronized (lock) {
      if (status.isClosed()) {
        return;
      }
      writer = call;
      writerReady = false;
      progressNanos = System.nanoTime();
      // A reconnect may reach a restarted receiver with another limit: wait for its Accept.
      peerMaxFrameLength = UNKNOWN;
      if (skippedBelow > ackedBelow) {
        // The receiver may have missed the skip with the call that broke; it is idempotent.
        call.write(skipFrame());
      }
      Iterator<Outgoing<M>> back = unacked.descendingIterator();
      while (back.hasNext()) {
        outbox.addFirst(back.next());
      }
      unacked.clear();
      scheduleDrain();
    }
  }

  /** The call can take more frames. */
  void onReady(FrameWriter call) {
    synchronized (lock) {
      if (call != writer) {
        return;
      }
      if (!writerReady) {
        writerReady = true;
        connectedSinceNanos = System.nanoTime();
        changeLinkState(LinkStates.CONNECTED, "");
      }
      scheduleDrain();
    }
  }

  /** The call ended; returns true if it was the current one. */
  boolean detach(FrameWriter call) {
    synchronized (lock) {
      if (call != writer) {
        return false;
      }
      writer = null;
      long now = System.nanoTime();
      if (writerReady) {
        lastConnectedForNanos = now - connectedSinceNanos;
        changeLinkState(LinkStates.DISCONNECTED, "the call ended");
      }
      writerReady = false;
      disconnectedSinceNanos = now;
      return true;
    }
  }

  /** Reports a change of the link's state to JFR; called with {@link #lock} held. */
  private void changeLinkState(String next, String reason) {
    if (!next.equals(linkState)) {
      if (next.equals(LinkStates.CONNECTED) && linkState.equals(LinkStates.DISCONNECTED)) {
        settings.telemetry().linkReconnected(peer);
      }
      LinkStates.changed(name, linkState, next, reason);
      linkState = next;
    }
  }

  /** How long the last call that ended had been connected; negative if none ever connected. */
  long lastConnectedForNanos() {
    synchronized (lock) {
      return lastConnectedForNanos;
    }
  }

  private void scheduleDrain() {
    // Called with lock held.
    if (!drainScheduled && writer != null && !outbox.isEmpty()) {
      drainScheduled = true;
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) {
        drainScheduled = false;
        logger.warn("{}: cannot schedule a write", name, e);
      }
    }
  }

  private void drain() {
    synchronized (lock) {
      drainScheduled = false;
      FrameWriter current = writer;
      if (current == null || status.isClosed()) {
        return;
      }
      writeReady(current);
    }
  }

  /** Writes queued messages in batches while {@code current} is ready; called with lock held. */
  private void writeReady(FrameWriter current) {
    while (!outbox.isEmpty() && current.isReady() && writable(outbox.peekFirst())) {
      Batch.Builder batch = Batch.newBuilder();
      Outgoing<M> first = take();
      batch.setFirstSeq(first.seq).addMessages(first.bytes);
      long bytes = first.bytes.size();
      long lastSeq = first.seq;
      while (!outbox.isEmpty()
          && batch.getMessagesCount() < BATCH_MESSAGES
          && bytes + outbox.peekFirst().bytes.size() <= BATCH_BYTES
          && follows(outbox.peekFirst(), lastSeq)
          && writable(outbox.peekFirst())) {
        Outgoing<M> next = take();
        batch.addMessages(next.bytes);
        bytes += next.bytes.size();
        lastSeq = next.seq;
      }
      current.write(Frame.newBuilder().setBatch(batch).build());
    }
  }

  /**
   * Whether {@code next} may be written now: a message written before is resent whatever its size;
   * a new one over {@value #UNANNOUNCED_LIMIT} bytes waits for the receiver's stated limit, which
   * {@link #peerLimit} enforces.
   */
  private boolean writable(Outgoing<M> next) {
    return next.seq != Outgoing.UNSENT
        || peerMaxFrameLength != UNKNOWN
        || next.bytes.size() <= UNANNOUNCED_LIMIT;
  }

  /** Whether {@code next} continues a batch that ends at {@code lastSeq}. */
  private boolean follows(Outgoing<M> next, long lastSeq) {
    return next.seq == Outgoing.UNSENT ? nextSeq == lastSeq + 1 : next.seq == lastSeq + 1;
  }

  /** Moves the outbox's head to the unacknowledged window, numbering it if it is new. */
  private Outgoing<M> take() {
    Outgoing<M> next = outbox.removeFirst();
    if (next.seq == Outgoing.UNSENT) {
      next.seq = nextSeq++;
    }
    unacked.addLast(next);
    return next;
  }

  // ---- answers from the receiver

  /** Handles an Ack, Nack, Reject or Closed read from {@code call}; other kinds are ignored. */
  void onFrame(FrameWriter call, Frame frame) {
    synchronized (lock) {
      if (call != writer) {
        return;
      }
      switch (frame.getKindCase()) {
        case ACK -> {
          long below = frame.getAck().getAckedBelow();
          if (below > ackedBelow) {
            ackedBelow = below;
            progressNanos = System.nanoTime();
            popAcked(unacked, below);
            // An ack may cover messages requeued for resending but not yet rewritten.
            popAcked(outbox, below);
          }
        }
        case NACK ->
            refused(
                frame.getNack().getSeq(), frame.getNack().getCode(), frame.getNack().getReason());
        case REJECT ->
            terminateLocked(
                ChannelException.Kind.REJECTED,
                peer + " rejected connection: " + frame.getReject().getReason());
        case CLOSED ->
            terminateLocked(
                ChannelException.Kind.CLOSED, peer + " closed: " + frame.getClosed().getReason());
        default -> logger.warn("{}: ignoring an unexpected {} frame", name, frame.getKindCase());
      }
    }
    runCallbacks();
  }

  private void popAcked(ArrayDeque<Outgoing<M>> queue, long below) {
    // Unwritten messages (UNSENT) follow every written one, and no ack covers them.
    while (!queue.isEmpty()
        && queue.peekFirst().seq != Outgoing.UNSENT
        && queue.peekFirst().seq < below) {
      Outgoing<M> done = queue.removeFirst();
      pendingCallbacks.add(done.callback::acked);
    }
  }

  private void refused(long seq, NackCode code, String reason) {
    for (ArrayDeque<Outgoing<M>> queue : List.of(unacked, outbox)) {
      for (Iterator<Outgoing<M>> it = queue.iterator(); it.hasNext(); ) {
        Outgoing<M> candidate = it.next();
        if (candidate.seq == seq && seq != Outgoing.UNSENT) {
          it.remove();
          ChannelException error =
              new ChannelException(
                  code == NackCode.NACK_CODE_OVERSIZED
                      ? ChannelException.Kind.OVERSIZED_FRAME
                      : ChannelException.Kind.CODEC,
                  name + ": receiver refused message seq " + seq + ": " + reason);
          pendingCallbacks.add(
              () -> candidate.callback.failed(new SendError<>(candidate.message, error)));
          return;
        }
      }
    }
  }

  // ---- delivery timeout

  private void armDeliveryTimer(long deadlineNanos) {
    // Called with lock held.
    long delay = Math.max(0, deadlineNanos - System.nanoTime());
    try {
      deliveryTimer = scheduler.schedule(this::checkDeliveryTimeout, delay, TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      deliveryTimer = null;
      logger.warn("{}: cannot schedule the delivery timeout", name, e);
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
      boolean connected = writer != null && writerReady;
      String what =
          connected || !unacked.isEmpty()
              ? "failed to receive ack within timeout "
              : "failed to deliver message within timeout ";
      String reason =
          what
              + format(settings.deliveryTimeout())
              + "; link is currently "
              + (connected ? "connected" : "broken")
              + "; "
              + linkStatus(now);
      // Nothing acknowledged on this call for a whole timeout: it is stuck, not slow, and is
      // dropped. The skip then goes first thing on the next connection (see attach), not on this
      // one, where it would race the reset.
      boolean stalled = connected && now - progressNanos >= settings.deliveryTimeout().toNanos();
      int expired =
          expire(
              now,
              new ChannelException(ChannelException.Kind.DELIVERY_TIMEOUT, name + ": " + reason),
              !stalled);
      logger.warn("{}: {} message(s) returned: {}", name, expired, reason);
      if (stalled) {
        owner.stalled();
      }
      Outgoing<M> next = oldestPending();
      if (next != null) {
        // A stream of messages to a stalled receiver expires one by one; checking at most every
        // EXPIRY_GRANULARITY returns them in batches, each at most that late.
        long granularity =
            Math.min(EXPIRY_GRANULARITY_NANOS, settings.deliveryTimeout().toNanos() / 10);
        armDeliveryTimer(
            Math.max(next.postedNanos + settings.deliveryTimeout().toNanos(), now + granularity));
      }
    }
    runCallbacks();
  }

  /**
   * Returns every pending message posted at least the delivery timeout before {@code now}, alone:
   * the link carries on with the younger ones, so that a message posted after a long stall (a
   * paused or partitioned receiver) is not returned for its elders' sake. Pending messages are in
   * posting order, so the expired ones are a prefix. Those already written get a {@code Skip} to
   * the receiver, which withdraws any of them it still holds and expects the next younger one: on
   * this connection when {@code writeSkip}, else on the next one; called with lock held.
   */
  private int expire(long now, ChannelException error, boolean writeSkip) {
    long timeout = settings.deliveryTimeout().toNanos();
    int n = 0;
    long skipTo = -1;
    for (ArrayDeque<Outgoing<M>> queue : List.of(unacked, outbox)) {
      while (!queue.isEmpty() && now - queue.peekFirst().postedNanos >= timeout) {
        Outgoing<M> message = queue.removeFirst();
        if (message.seq != Outgoing.UNSENT) {
          skipTo = Math.max(skipTo, message.seq + 1);
        }
        pendingCallbacks.add(
            () -> message.callback.failed(new SendError<>(message.message, error)));
        n++;
      }
      if (!queue.isEmpty()) {
        break;
      }
    }
    if (skipTo > skippedBelow) {
      skippedBelow = skipTo;
      FrameWriter current = writer;
      if (current != null && writeSkip) {
        current.write(skipFrame());
      }
    }
    return n;
  }

  private Frame skipFrame() {
    return Frame.newBuilder().setSkip(Skip.newBuilder().setBelow(skippedBelow)).build();
  }

  private @Nullable Outgoing<M> oldestPending() {
    // Written messages are older than every queued one: attach() moves all of them back to the
    // head of the outbox, and writes take from that head.
    Outgoing<M> a = unacked.peekFirst();
    return a != null ? a : outbox.peekFirst();
  }

  private String linkStatus(long now) {
    if (writer != null && writerReady) {
      return "connected for " + seconds(now - connectedSinceNanos);
    }
    String failure = owner.connectFailure();
    if (disconnectedSinceNanos < 0 || lastConnectedForNanos < 0) {
      return "never connected" + (failure == null ? "" : ": " + failure);
    }
    return "last connected "
        + seconds(now - disconnectedSinceNanos - lastConnectedForNanos)
        + " ago, disconnected for "
        + seconds(now - disconnectedSinceNanos)
        + (failure == null ? "" : "; last connection attempt: " + failure);
  }

  private static String seconds(long nanos) {
    return String.format("%.1fs", nanos / 1e9);
  }

  private static String format(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  // ---- termination

  /** Terminates the session; every message not yet acknowledged comes back with {@code reason}. */
  void terminate(ChannelException.Kind kind, String reason) {
    synchronized (lock) {
      terminateLocked(kind, reason);
    }
    runCallbacks();
  }

  private void terminateLocked(ChannelException.Kind kind, String reason) {
    if (!status.close(reason)) {
      return;
    }
    changeLinkState(LinkStates.CLOSED, reason);
    ChannelException error = new ChannelException(kind, name + ": " + reason);
    List<Outgoing<M>> returned = new ArrayList<>(unacked);
    returned.addAll(outbox);
    unacked.clear();
    outbox.clear();
    if (deliveryTimer != null) {
      deliveryTimer.cancel(false);
      deliveryTimer = null;
    }
    for (Outgoing<M> message : returned) {
      pendingCallbacks.add(() -> message.callback.failed(new SendError<>(message.message, error)));
    }
    owner.terminated(kind, reason);
    writer = null;
  }

  /** Runs acknowledgement and failure callbacks queued under the lock, on this thread. */
  void runCallbacks() {
    while (true) {
      Runnable next;
      synchronized (lock) {
        next = pendingCallbacks.pollFirst();
      }
      if (next == null) {
        return;
      }
      next.run();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
