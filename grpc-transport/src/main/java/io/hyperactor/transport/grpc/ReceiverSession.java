package io.hyperactor.transport.grpc;

import com.google.protobuf.ByteString;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelPeer;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.Delivery;
import io.hyperactor.internal.channel.DeliveryQueue;
import io.hyperactor.transport.grpc.proto.Ack;
import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Closed;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.Nack;
import io.hyperactor.transport.grpc.proto.NackCode;
import io.hyperactor.transport.grpc.proto.Reject;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's state for one sender session: the next expected sequence number, how far the
 * application has taken, and how far that has been acknowledged. It outlives connections, so a
 * sender that reconnects resumes where it was: resent messages already received are dropped.
 *
 * <p>Acknowledgements count messages the application took from the {@code Rx}, so every message
 * acknowledged was really handed over; one is written after {@code message_ack_every_n_messages}
 * takes, or {@code message_ack_time_interval} after the first unacknowledged take. Thread-safe:
 * guarded by {@code this}; frames from a connection that is no longer current are ignored.
 */
final class ReceiverSession<M> implements AcceptedSession {
  private static final Logger logger = LoggerFactory.getLogger(ReceiverSession.class);

  private final long sessionId;
  private final String name;
  private final ChannelCodec<M> codec;
  private final DeliveryQueue<M> queue;
  private final ChannelSettings settings;
  private final long maxFrameLength;
  private final ScheduledExecutorService scheduler;
  private final Consumer<ReceiverSession<M>> onEnded;

  // Guarded by this.
  private long nextSeq;
  // Messages below this were given up by the sender: those still queued are withdrawn.
  private long skippedBelow;
  private long takenBelow;
  private long ackedBelow;
  private int inQueue;
  private final TreeMap<Long, Nack> nacks = new TreeMap<>();
  private @Nullable FrameWriter current;
  private @Nullable ScheduledFuture<?> ackTimer;
  private boolean ended;

  ReceiverSession(
      long sessionId,
      String rxName,
      ChannelCodec<M> codec,
      DeliveryQueue<M> queue,
      ChannelSettings settings,
      ScheduledExecutorService scheduler,
      Consumer<ReceiverSession<M>> onEnded) {
    this.sessionId = sessionId;
    this.name = rxName + " session " + String.format("%016x", sessionId);
    this.codec = codec;
    this.queue = queue;
    this.settings = settings;
    this.maxFrameLength = Frames.effectiveMaxFrameLength(settings.maxFrameLength());
    this.scheduler = scheduler;
    this.onEnded = onEnded;
  }

  long sessionId() {
    return sessionId;
  }

  /**
   * Makes {@code connection} the session's current one (a reconnect supersedes the old stream),
   * replays refusals the sender may have missed and acknowledges what is already taken.
   */
  @Override
  public synchronized void attach(FrameWriter connection, long senderAckedBelow) {
    if (ended) {
      connection.write(closedFrame("session ended"));
      connection.complete();
      return;
    }
    FrameWriter previous = current;
    current = connection;
    if (previous != null && previous != connection) {
      previous.complete();
    }
    nacks.headMap(senderAckedBelow).clear();
    for (Nack nack : nacks.values()) {
      connection.write(Frame.newBuilder().setNack(nack).build());
    }
    if (takenBelow > senderAckedBelow) {
      connection.write(ackFrame(takenBelow));
      ackedBelow = Math.max(ackedBelow, takenBelow);
    }
  }

  /** Handles a batch from {@code from}; false when the session ended (the connection is done). */
  @Override
  public boolean receive(FrameWriter from, Batch batch) {
    boolean open = receiveBatch(from, batch);
    // Outside the session's lock: a queue with a consumer hands the batch to it on this thread.
    queue.handOut();
    return open;
  }

  private synchronized boolean receiveBatch(FrameWriter from, Batch batch) {
    if (ended || from != current) {
      return !ended;
    }
    long seq = batch.getFirstSeq();
    for (ByteString bytes : batch.getMessagesList()) {
      if (seq < nextSeq) {
        seq++;
        continue; // A resend of a message already received: the dedupe.
      }
      if (seq > nextSeq) {
        reject("out-of-sequence message, expected seq " + nextSeq + ", got " + seq);
        return false;
      }
      nextSeq++;
      deliver(from, seq, bytes);
      seq++;
    }
    if (inQueue == 0 && takenBelow < nextSeq) {
      // Only refused messages are outstanding: they count as handled.
      advanceTaken(nextSeq);
    }
    return true;
  }

  private void deliver(FrameWriter from, long seq, ByteString bytes) {
    if (bytes.size() > maxFrameLength) {
      refuse(
          from,
          seq,
          NackCode.NACK_CODE_OVERSIZED,
          "rejecting oversize frame: len="
              + bytes.size()
              + " > max="
              + maxFrameLength
              + "; increase codec_max_frame_length to allow");
      return;
    }
    M message;
    try {
      ChannelPeer peer = from.peer();
      List<ByteBuffer> pieces = WireBytes.lendPieces(bytes);
      if (pieces.size() == 1) {
        ByteBuffer lent = pieces.getFirst();
        message = peer == null ? codec.decode(lent) : codec.decode(lent, peer);
      } else {
        message = peer == null ? codec.decode(pieces) : codec.decode(pieces, peer);
      }
    } catch (RuntimeException e) {
      refuse(
          from,
          seq,
          NackCode.NACK_CODE_UNDECODABLE,
          "failed to decode message with " + codec + ": " + e.getMessage());
      return;
    }
    if (queue.offer(new Entry(seq, message))) {
      inQueue++;
    }
  }

  private void refuse(FrameWriter from, long seq, NackCode code, String reason) {
    logger.warn("{}: seq {}: {}", name, seq, reason);
    Nack nack = Nack.newBuilder().setSeq(seq).setCode(code).setReason(reason).build();
    nacks.put(seq, nack);
    from.write(Frame.newBuilder().setNack(nack).build());
  }

  private final class Entry implements Delivery<M> {
    private final long seq;
    private final M message;

    Entry(long seq, M message) {
      this.seq = seq;
      this.message = message;
    }

    @Override
    public M message() {
      return message;
    }

    @Override
    public boolean taken() {
      return onTaken(seq);
    }

    @Override
    public void dropped(ChannelException error) {
      // Not acknowledged, so the sender returns it when it learns the receiver closed.
    }
  }

  private synchronized boolean onTaken(long seq) {
    if (ended) {
      // The session ended before the application got here; its sender has this message back.
      return false;
    }
    inQueue--;
    // With nothing of this session left in the queue, refused messages behind it are handled too.
    advanceTaken(inQueue == 0 ? nextSeq : seq + 1);
    // A message its sender gave up on (and returned) is withdrawn, never handed out.
    return seq >= skippedBelow;
  }

  /**
   * The sender gave up on every message below {@code below} that was not acknowledged: those
   * still queued are withdrawn as they come up, and {@code below} is the next expected seq.
   */
  @Override
  public synchronized void skip(FrameWriter from, long below) {
    if (ended || from != current || below <= skippedBelow) {
      return;
    }
    skippedBelow = below;
    if (below > nextSeq) {
      nextSeq = below;
    }
    if (inQueue == 0 && takenBelow < nextSeq) {
      advanceTaken(nextSeq);
    }
  }

  private void advanceTaken(long below) {
    if (below <= takenBelow) {
      return;
    }
    takenBelow = below;
    if (ended) {
      return;
    }
    if (takenBelow - ackedBelow >= settings.ackEveryNMessages()) {
      flushAck();
    } else if (ackTimer == null) {
      ackTimer =
          scheduler.schedule(
              this::onAckTimer, settings.ackTimeInterval().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private synchronized void onAckTimer() {
    ackTimer = null;
    if (!ended) {
      flushAck();
    }
  }

  private void flushAck() {
    FrameWriter connection = current;
    if (connection != null && takenBelow > ackedBelow) {
      connection.write(ackFrame(takenBelow));
      ackedBelow = takenBelow;
    }
    if (ackTimer != null && takenBelow == ackedBelow) {
      ackTimer.cancel(false);
      ackTimer = null;
    }
  }

  @Override
  public void onFrame(FrameWriter call, Frame frame) {
    logger.warn("{}: ignoring an unexpected {} frame on a simplex link", name, frame.getKindCase());
  }

  @Override
  public void whenSpace(Runnable resume) {
    queue.whenSpace(resume);
  }

  /** The current connection broke; the session waits for the sender to reconnect. */
  @Override
  public synchronized void detach(FrameWriter connection) {
    if (current == connection) {
      current = null;
    }
  }

  /** The sender closed its link deliberately: flush, finish the stream, forget the session. */
  @Override
  public synchronized void initiatorClosed(FrameWriter connection) {
    if (ended || current != connection) {
      connection.complete();
      return;
    }
    flushAck();
    connection.complete();
    end();
  }

  /**
   * The receiver is closing: acknowledge everything taken, then tell the sender it is closed so it
   * returns the rest at once, and end the call. Call after the queue stopped handing out messages.
   */
  synchronized void close(String reason) {
    close(reason, true);
  }

  /**
   * Like {@link #close(String)}; with {@code endCall} false the call stays open, so a duplex peer
   * can still answer with its own final acknowledgement.
   */
  synchronized void close(String reason, boolean endCall) {
    if (ended) {
      return;
    }
    flushAck();
    FrameWriter connection = current;
    if (connection != null) {
      connection.write(closedFrame(reason));
      if (endCall) {
        connection.complete();
      }
    }
    end();
  }

  private void reject(String reason) {
    logger.warn("{}: rejecting the session: {}", name, reason);
    flushAck();
    FrameWriter connection = current;
    if (connection != null) {
      connection.write(Frame.newBuilder().setReject(Reject.newBuilder().setReason(reason)).build());
      connection.complete();
    }
    end();
  }

  /**
   * Ends the session. Messages still queued for the application are withdrawn: the sender returns
   * every message that was not acknowledged, so none of them may be handed out any more.
   */
  private void end() {
    ended = true;
    current = null;
    if (ackTimer != null) {
      ackTimer.cancel(false);
      ackTimer = null;
    }
    onEnded.accept(this);
  }

  private static Frame ackFrame(long below) {
    return Frame.newBuilder().setAck(Ack.newBuilder().setAckedBelow(below)).build();
  }

  private static Frame closedFrame(String reason) {
    return Frame.newBuilder().setClosed(Closed.newBuilder().setReason(reason)).build();
  }

  @Override
  public String toString() {
    return name;
  }
}
