package io.hyperactor.transport.grpc;

import io.grpc.Status;
import io.hyperactor.channel.ChannelPeer;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hyperactor.transport.grpc.proto.Accept;
import io.hyperactor.transport.grpc.proto.Frame;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incoming gRPC call: the first frame names the session, later frames carry its messages.
 *
 * <p>Reads are flow-controlled: more frames are requested ({@link ReadAhead}) only while the
 * receiver's queue has space, so a slow application pushes back on the sender through gRPC. gRPC delivers one call's
 * callbacks serially; writes happen under the owning session's lock.
 */
final class ServerConnection implements StreamObserver<InputStream>, FrameWriter {
  private static final Logger logger = LoggerFactory.getLogger(ServerConnection.class);

  /** Finds or creates the session a Hello names. */
  interface Acceptor {
    /** The session with this id, created on first sight; null once the server is closing. */
    @Nullable AcceptedSession session(long sessionId);

    /** The largest message this side takes, stated to every initiator in its Accept. */
    long maxFrameLength();
  }

  private final Acceptor rx;
  private final ServerCallStreamObserver<Frame> responses;
  private final ReadAhead readAhead = new ReadAhead();
  // Read from the gRPC context of the call, which the server's interceptor set.
  private final @Nullable ChannelPeer peer = LinkSecurity.PEER.get();
  private volatile @Nullable AcceptedSession session;
  private boolean done;

  ServerConnection(Acceptor rx, ServerCallStreamObserver<Frame> responses) {
    this.rx = rx;
    this.responses = responses;
    responses.disableAutoRequest();
    responses.setOnCancelHandler(this::onCancelled);
    responses.setOnReadyHandler(
        () -> {
          AcceptedSession current = session;
          if (current != null) {
            current.onReady(this);
          }
        });
    requestNext();
  }

  @Override
  public void onNext(InputStream frame) {
    // The frame's messages share gRPC's buffers until it is closed; they are decoded before.
    try (FrameMarshaller.Received received = FrameMarshaller.read(frame)) {
      onFrame(received.frame());
    }
  }

  private void onFrame(Frame frame) {
    readAhead.received();
    switch (frame.getKindCase()) {
      case HELLO -> {
        if (session != null) {
          fail("a second hello on one stream");
          return;
        }
        AcceptedSession attached = rx.session(frame.getHello().getSessionId());
        if (attached == null) {
          write(
              Frame.newBuilder()
                  .setClosed(
                      io.hyperactor.transport.grpc.proto.Closed.newBuilder()
                          .setReason("receiver closed"))
                  .build());
          complete();
          return;
        }
        session = attached;
        // First, so that the initiator learns the limit before it writes anything large.
        write(
            Frame.newBuilder()
                .setAccept(Accept.newBuilder().setMaxFrameLength(rx.maxFrameLength()))
                .build());
        attached.attach(this, frame.getHello().getAckedBelow());
        if (frame.getHello().getMaxFrameLength() > 0) {
          attached.initiatorLimit(this, frame.getHello().getMaxFrameLength());
        }
      }
      case BATCH -> {
        AcceptedSession current = session;
        if (current == null) {
          fail("a batch before the hello");
          return;
        }
        if (!current.receive(this, frame.getBatch())) {
          return;
        }
        current.whenSpace(this::requestNext);
        return;
      }
      case SKIP -> {
        AcceptedSession current = session;
        if (current == null) {
          fail("a skip before the hello");
          return;
        }
        current.skip(this, frame.getSkip().getBelow());
      }
      case ACK, NACK, REJECT, CLOSED -> {
        AcceptedSession current = session;
        if (current == null) {
          fail("a " + frame.getKindCase() + " before the hello");
          return;
        }
        current.onFrame(this, frame);
      }
      default -> {
        fail("an unexpected " + frame.getKindCase() + " frame");
        return;
      }
    }
    requestNext();
  }

  private void requestNext() {
    synchronized (this) {
      if (done) {
        return;
      }
    }
    int more = readAhead.refill();
    if (more > 0) {
      responses.request(more);
    }
  }

  @Override
  public void onError(Throwable t) {
    Status status = Status.fromThrowable(t);
    if (status.getCode() == Status.Code.CANCELLED) {
      logger.debug("{}: a sender went away: {}", rx, status);
    } else {
      // For example RESOURCE_EXHAUSTED: a frame above the inbound limit ends the call.
      logger.warn("{}: link from a sender failed: {}", rx, status);
    }
    onCancelled();
  }

  @Override
  public void onCompleted() {
    AcceptedSession current = session;
    if (current != null) {
      current.initiatorClosed(this);
    } else {
      complete();
    }
  }

  private void onCancelled() {
    synchronized (this) {
      done = true;
    }
    AcceptedSession current = session;
    if (current != null) {
      current.detach(this);
    }
  }

  private void fail(String problem) {
    logger.warn("{}: protocol error from a sender: {}", rx, problem);
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
    }
    responses.onError(
        io.grpc.Status.INVALID_ARGUMENT
            .withDescription("protocol error: " + problem)
            .asException());
  }

  @Override
  public @Nullable ChannelPeer peer() {
    return peer;
  }

  @Override
  public boolean isReady() {
    return responses.isReady();
  }

  @Override
  public synchronized void write(Frame frame) {
    if (done) {
      return;
    }
    try {
      responses.onNext(frame);
    } catch (RuntimeException e) {
      // The call was cancelled underneath us; the sender will reconnect or give up.
      done = true;
      logger.debug("{}: cannot write to a sender: {}", rx, e.toString());
    }
  }

  @Override
  public synchronized void complete() {
    if (done) {
      return;
    }
    done = true;
    try {
      responses.onCompleted();
    } catch (RuntimeException e) {
      logger.debug("{}: cannot complete a call: {}", rx, e.toString());
    }
  }
}
