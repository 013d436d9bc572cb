package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.ByteString;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.SendError;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.SendCallback;
import io.hyperactor.internal.channel.StatusCell;
import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Frame;
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
 * <p>Posting encodes the message on the caller's thread, gives it the next sequence number and
 * queues it in the outbox; a drain task on the transport executor moves queued messages into
 * batches while the current call is ready (gRPC flow control). Written messages wait in {@code
 * unacked} until a cumulative ack covers them; when a new call is attached, they are resent first,
 * in order. Every message ends in exactly one of: acknowledged, refused by the receiver (a Nack),
 * or returned when the session terminates.
 *
 * <p>Thread-safe: state is guarded by {@link #lock}, which the owner may also hold while attaching
 * calls; user callbacks run outside it.
 */
final class SenderEngine<M> {
  private static final Logger logger = LoggerFactory.getLogger(SenderEngine.class);

  /** Batches stop growing past this many bytes; a larger message still travels alone. */
  static final int BATCH_BYTES = 256 * 1024;

  private static final int BATCH_MESSAGES = 4096;

  /** A post this long after the previous one finds the link idle, and is written at once. */
  private static final long IDLE_NANOS = 50_000;

  /** What the engine needs from whoever manages its calls. */
  interface Owner {
    /** A message is waiting and no call is attached; called with {@link #lock} held. */
    void needCall();

    /** The session terminated; called once, with {@link #lock} held. */
    void terminated(ChannelException.Kind kind, String reason);
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
  private @Nullable FrameWriter writer;
  private boolean writerReady;
  private boolean drainScheduled;
  private long lastPostNanos = System.nanoTime() - IDLE_NANOS;
  private @Nullable ScheduledFuture<?> deliveryTimer;
  private long connectedSinceNanos = -1;
  private long disconnectedSinceNanos = -1;
  private long lastConnectedForNanos = -1;

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
      callback.failed(
          new SendError<>(
              message,
              new ChannelException(
                  ChannelException.Kind.OVERSIZED_FRAME,
                  name
                      + ": rejecting oversize frame: len="
                      + length
                      + " > max="
                      + maxFrameLength
                      + "; increase codec_max_frame_length to allow")));
      return;
    }
    // The channel keeps the encoded buffers, unchanged by the codec contract, without copying.
    ByteString wrapped = WireBytes.concat(buffers);
    synchronized (lock) {
      if (!status.isClosed()) {
        outbox.addLast(new Outgoing<>(nextSeq++, wrapped, message, callback, now));
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
    callback.failed(new SendError<>(message, closedError()));
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
      }
      writerReady = false;
      disconnectedSinceNanos = now;
      return true;
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
    while (!outbox.isEmpty() && current.isReady()) {
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
      current.write(Frame.newBuilder().setBatch(batch).build());
    }
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
            popAcked(unacked, below);
            // An ack may cover messages requeued for resending but not yet rewritten.
            popAcked(outbox, below);
          }
        }
        case NACK -> refused(frame.getNack().getSeq(), frame.getNack().getReason());
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
    while (!queue.isEmpty() && queue.peekFirst().seq < below) {
      Outgoing<M> done = queue.removeFirst();
      pendingCallbacks.add(done.callback::acked);
    }
  }

  private void refused(long seq, String reason) {
    for (ArrayDeque<Outgoing<M>> queue : List.of(unacked, outbox)) {
      for (Iterator<Outgoing<M>> it = queue.iterator(); it.hasNext(); ) {
        Outgoing<M> candidate = it.next();
        if (candidate.seq == seq) {
          it.remove();
          ChannelException error =
              new ChannelException(
                  reason.startsWith("rejecting oversize frame")
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
      logger.warn("{}: {}", name, reason);
      terminateLocked(ChannelException.Kind.DELIVERY_TIMEOUT, reason);
    }
    runCallbacks();
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
    if (writer != null && writerReady) {
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
