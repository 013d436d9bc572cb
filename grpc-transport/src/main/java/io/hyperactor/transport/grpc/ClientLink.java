package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelPeer;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.internal.channel.DeliveryQueue;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.Hello;
import java.security.SecureRandom;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initiating side's connection manager for one session: it owns the gRPC channel, opens a call
 * when the session needs one, writes the Hello, routes what the acceptor writes to the session's
 * sender (acks) and, on duplex links, receiver (messages), and reconnects with backoff after a call
 * breaks.
 *
 * <p>gRPC itself waits for the server ({@code waitForReady}), so a sender may dial before the
 * receiver exists. Thread-safe: call state is guarded by the sender engine's lock.
 */
final class ClientLink implements SenderEngine.Owner {
  private static final Logger logger = LoggerFactory.getLogger(ClientLink.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** How long a graceful close waits for the acceptor's final acknowledgement. */
  private static final long CLOSE_ANSWER_TIMEOUT_SECONDS = 10;

  private final ChannelAddr addr;
  private final boolean duplex;
  private final long maxFrameLength;
  private final long sessionId;
  private final GrpcResources.Lease lease;
  private final NettyChannelBuilder builder;
  // Replaced when a stalled connection is dropped; guarded by the engine's lock for writes.
  private volatile ManagedChannel channel;
  private final CallOptions callOptions = CallOptions.DEFAULT.withWaitForReady();
  private final @Nullable ChannelPeer receivedPeer;
  private @Nullable SenderEngine<?> engine;
  private @Nullable ReceiverSession<?> receiver;
  private @Nullable DeliveryQueue<?> inbound;

  // Guarded by the engine's lock.
  private @Nullable Call call;
  private @Nullable ScheduledFuture<?> reconnectTimer;
  private long backoffNanos = MIN_BACKOFF_NANOS;
  private boolean terminated;
  private boolean graceful;
  private volatile boolean closing;
  // Why the channel's last connection attempt failed; null while connected or not yet known.
  private volatile @Nullable String connectFailure;

  /**
   * @param maxFrameLength the largest message this side accepts ({@code codec_max_frame_length});
   *     only duplex links receive messages
   */
  ClientLink(
      ChannelAddr addr,
      boolean duplex,
      long sessionId,
      long maxFrameLength,
      GrpcResources.Lease lease,
      LinkSecurity security) {
    this.addr = checkNotNull(addr, "addr");
    this.duplex = duplex;
    this.maxFrameLength = Frames.effectiveMaxFrameLength(maxFrameLength);
    this.sessionId = sessionId;
    this.lease = checkNotNull(lease, "lease");
    this.receivedPeer = security.initiatorPeer();
    SslContext tls = security.clientContext(addr);
    // A TLS address is dialed by name: the name is resolved at each connection, and is the one
    // the server's certificate must carry.
    NettyChannelBuilder builder =
        (addr instanceof ChannelAddr.Tls name
                ? NettyChannelBuilder.forAddress(name.host(), name.port())
                : NettyChannelBuilder.forAddress(SocketAddresses.of(addr)))
            .channelType(lease.clientChannelType(addr.transport()))
            .eventLoopGroup(lease.eventLoop())
            .executor(lease.executor())
            .maxInboundMessageSize(
                duplex ? Frames.maxInboundFrame(maxFrameLength) : Frames.MAX_RESPONSE_FRAME);
    if (tls != null) {
      builder.sslContext(tls);
    } else {
      builder.usePlaintext();
    }
    if (addr.transport() == ChannelTransport.UNIX) {
      // gRPC always sets SO_KEEPALIVE, which domain sockets lack (Netty warns on every connect);
      // a null value removes the option again.
      builder.withOption(ChannelOption.SO_KEEPALIVE, null);
    } else {
      // Closing a connection resets it: the receiver's kernel then discards what the receiver
      // has not read yet. A connection is closed after its last exchange, or because it
      // stalled; in that case the messages it still carries were returned to their senders,
      // and must not be handed out when a paused receiver wakes.
      builder.withOption(ChannelOption.SO_LINGER, 0);
    }
    this.builder = builder;
    this.channel = builder.build();
    watch(channel);
  }

  @Override
  public @Nullable String connectFailure() {
    return connectFailure;
  }

  /**
   * Follows {@code watched}'s connectivity until it shuts down, to learn why connecting fails.
   * The link's calls wait for a connection ({@code waitForReady}), so gRPC never hands them the
   * failure; when the channel is in {@code TRANSIENT_FAILURE}, a call that does not wait fails at
   * once with the status of the last attempt (its cause is the refused handshake, or the refused
   * connection), and is cancelled before it could reach a server that came up meanwhile.
   */
  private void watch(ManagedChannel watched) {
    ConnectivityState state = watched.getState(false);
    if (watched != channel) {
      return;
    }
    switch (state) {
      case READY -> connectFailure = null;
      case TRANSIENT_FAILURE -> probe(watched);
      case SHUTDOWN -> {
        return;
      }
      default -> {}
    }
    watched.notifyWhenStateChanged(state, () -> watch(watched));
  }

  private void probe(ManagedChannel watched) {
    ClientCall<Frame, InputStream> call = watched.newCall(LinkMethods.OPEN, CallOptions.DEFAULT);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            if (status.getCode() != Status.Code.UNAVAILABLE || watched != channel) {
              return;
            }
            String failure = TlsFailures.describeConnectFailure(status, host());
            if (!failure.equals(connectFailure)) {
              // A refused handshake is a configuration problem; a refused connection is also
              // what a link dialed before its receiver started sees.
              if (failure.startsWith(TlsFailures.HANDSHAKE_FAILED)) {
                logger.warn("link to {}: {}", addr, failure);
              } else {
                logger.debug("link to {}: {}", addr, failure);
              }
            }
            connectFailure = failure;
          }
        },
        new Metadata());
    call.cancel("only probing why connecting fails", null);
  }

  /** The host name the server's certificate must carry, as error messages name it. */
  private String host() {
    return addr instanceof ChannelAddr.Tls tls ? tls.host() : addr.toString();
  }

  /** A fresh random session id. */
  static long newSessionId() {
    return RANDOM.nextLong();
  }

  /** Connects the session's parts; the receiver and its queue only on duplex links. */
  void bind(
      SenderEngine<?> engine,
      @Nullable ReceiverSession<?> receiver,
      @Nullable DeliveryQueue<?> inbound) {
    this.engine = checkNotNull(engine, "engine");
    this.receiver = receiver;
    this.inbound = inbound;
  }

  private SenderEngine<?> engine() {
    checkState(engine != null, "bind() was not called");
    return engine;
  }

  /** Opens the first call now rather than on the first message (duplex links listen at once). */
  void connectNow() {
    synchronized (engine().lock) {
      needCall();
    }
  }

  @Override
  public void needCall() {
    // Called with the engine's lock held.
    if (call == null && reconnectTimer == null && !terminated) {
      open();
    }
  }

  private void open() {
    Call opened = new Call();
    call = opened;
    if (duplex) {
      ClientCalls.asyncBidiStreamingCall(
          channel.newCall(LinkMethods.OPEN_DUPLEX, callOptions), opened);
    } else {
      ClientCalls.asyncBidiStreamingCall(channel.newCall(LinkMethods.OPEN, callOptions), opened);
    }
    opened.write(
        Frame.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setSessionId(sessionId)
                    .setAckedBelow(engine().ackedBelow())
                    .setDest(addr.toString())
                    .setMaxFrameLength(maxFrameLength))
            .build());
    engine().attach(opened);
    if (receiver != null) {
      // The acceptor sends no Hello, so replay every refusal and re-acknowledge: both are
      // idempotent.
      receiver.attach(opened, 0);
    }
  }

  /**
   * Nothing was acknowledged on the current call for a whole delivery timeout: the connection is
   * stuck (a paused or partitioned receiver). It is dropped, not just the call: resetting the TCP
   * connection makes the receiver's kernel discard what it holds unread, so messages returned
   * meanwhile are not handed out when the receiver wakes. The session goes on over a new
   * connection, where the engine resends the messages still young and tells the receiver to skip
   * the rest.
   */
  @Override
  public void stalled() {
    // Called with the engine's lock held.
    Call current = call;
    if (current == null || terminated || closing) {
      return;
    }
    call = null;
    engine().detach(current);
    if (receiver != null) {
      receiver.detach(current);
    }
    current.cancel("connection stalled: no acknowledgement within the delivery timeout");
    ManagedChannel stuck = channel;
    channel = builder.build();
    watch(channel);
    stuck.shutdownNow();
    logger.info("{}: dropped a stalled connection to {}; reconnecting", engine(), addr);
    if (reconnectTimer == null) {
      open();
    }
  }

  @Override
  public void terminated(ChannelException.Kind kind, String reason) {
    // Called with the engine's lock held.
    terminated = true;
    if (inbound != null) {
      // Stop handing out messages before the final acknowledgement.
      inbound.close(
          new ChannelException(
              ChannelException.Kind.CLOSED, "link " + addr + " closed: " + reason));
    }
    if (receiver != null) {
      // Acknowledges what was taken and tells the acceptor, unless it ended the link itself.
      receiver.close(reason);
    }
    if (reconnectTimer != null) {
      reconnectTimer.cancel(false);
      reconnectTimer = null;
    }
    Call current = call;
    call = null;
    if (current != null) {
      if (graceful) {
        // A deliberate close: the acceptor may forget this session.
        current.complete();
      } else {
        current.cancel(reason);
      }
    }
    channel.shutdown();
  }

  /**
   * Closes the link gracefully and waits for the transport to stop. When a call is connected, this
   * side first acknowledges what it took and tells the acceptor (a half-close, plus a Closed frame
   * on duplex links); the acceptor answers with its final acknowledgement, so messages it took
   * count as delivered. Whatever is still unacknowledged then comes back with {@code reason}.
   */
  void close(String reason) {
    SenderEngine<?> engine = engine();
    CompletableFuture<Void> answered = null;
    synchronized (engine.lock) {
      if (!terminated && !closing) {
        closing = true;
        graceful = true;
        if (reconnectTimer != null) {
          reconnectTimer.cancel(false);
          reconnectTimer = null;
        }
        Call current = call;
        if (current != null && current.connected) {
          if (receiver != null) {
            checkNotNull(inbound)
                .close(
                    new ChannelException(
                        ChannelException.Kind.CLOSED, "link " + addr + " closed: " + reason));
            receiver.close(reason);
          }
          current.complete();
          answered = current.ended;
        }
      }
    }
    if (answered != null) {
      try {
        answered.get(CLOSE_ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        logger.debug("{}: no answer to the close: {}", engine, e.toString());
      }
    }
    engine.terminate(ChannelException.Kind.CLOSED, reason);
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
        channel.awaitTermination(10, TimeUnit.SECONDS);
      }
      lease.release().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      logger.warn("{}: stopping transport threads failed", engine, e);
    }
  }

  /** True once {@link #close} started. */
  boolean isClosing() {
    return closing;
  }

  /** The current call, if any; callers hold the engine's lock. */
  @Nullable FrameWriter currentCall() {
    return call;
  }

  private void onCallEnded(Call ended, Status cause) {
    ended.ended.complete(null);
    SenderEngine<?> engine = engine();
    synchronized (engine.lock) {
      if (ended != call) {
        return;
      }
      call = null;
      engine.detach(ended);
      if (receiver != null) {
        receiver.detach(ended);
      }
      if (engine.lastConnectedForNanos() > TimeUnit.SECONDS.toNanos(1)) {
        backoffNanos = MIN_BACKOFF_NANOS;
      }
      if (terminated || closing) {
        return;
      }
      if (cause.getCode() == Status.Code.UNIMPLEMENTED
          || cause.getCode() == Status.Code.RESOURCE_EXHAUSTED
          || cause.getCode() == Status.Code.INVALID_ARGUMENT) {
        // Retrying cannot help: the peer is not a link acceptor, or refuses our frames.
        terminateLater(
            "server refused the link: " + cause.getCode() + ": " + cause.getDescription());
        return;
      }
      logger.debug("{}: call ended ({}); reconnecting", engine, cause);
      long delay = (long) (backoffNanos * (0.9 + 0.2 * RANDOM.nextDouble()));
      backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
      reconnectTimer = lease.scheduler().schedule(this::reconnect, delay, TimeUnit.NANOSECONDS);
    }
  }

  private void terminateLater(String reason) {
    // Not under the lock: termination runs user callbacks.
    lease.executor().execute(() -> engine().terminate(ChannelException.Kind.REJECTED, reason));
  }

  private void reconnect() {
    synchronized (engine().lock) {
      reconnectTimer = null;
      if (call == null && !terminated) {
        open();
      }
    }
  }

  /** One gRPC call of the session. */
  private final class Call implements ClientResponseObserver<Frame, InputStream>, FrameWriter {
    private @Nullable ClientCallStreamObserver<Frame> requests;
    private final ReadAhead readAhead = new ReadAhead();
    private boolean done;

    @Override
    public @Nullable ChannelPeer peer() {
      return receivedPeer;
    }

    /** Completes when the call ends, however it ends. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    /** Set once gRPC reported the call ready: a connection exists. */
    volatile boolean connected;

    @Override
    public void beforeStart(ClientCallStreamObserver<Frame> requests) {
      this.requests = requests;
      if (duplex) {
        // Inbound messages are flow-controlled by the receiving queue.
        requests.disableAutoRequestWithInitial(readAhead.refill());
      }
      requests.setOnReadyHandler(
          () -> {
            connected = true;
            engine().onReady(this);
          });
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
      synchronized (engine().lock) {
        if (this == call) {
          backoffNanos = MIN_BACKOFF_NANOS;
        }
      }
      switch (frame.getKindCase()) {
        case BATCH -> {
          ReceiverSession<?> session = receiver;
          if (session == null) {
            cancel("protocol error: a batch on a simplex link");
            return;
          }
          if (session.receive(this, frame.getBatch())) {
            checkNotNull(inbound).whenSpace(this::requestNext);
          }
        }
        case ACK, NACK -> engine().onFrame(this, frame);
        case ACCEPT -> engine().peerLimit(this, frame.getAccept().getMaxFrameLength());
        case SKIP -> {
          ReceiverSession<?> session = receiver;
          if (session == null) {
            cancel("protocol error: a skip on a simplex link");
            return;
          }
          session.skip(this, frame.getSkip().getBelow());
        }
        case REJECT, CLOSED -> {
          if (closing) {
            // The answer to our own close: the call ends next, and close() finishes the session.
            break;
          }
          // Terminates the session; terminated() then acknowledges what this side took.
          engine().onFrame(this, frame);
        }
        default ->
            logger.warn("{}: ignoring an unexpected {} frame", engine(), frame.getKindCase());
      }
      if (duplex && !frame.hasBatch()) {
        requestNext();
      }
    }

    private void requestNext() {
      ClientCallStreamObserver<Frame> current = requests;
      if (current != null) {
        int more = readAhead.refill();
        if (more > 0) {
          current.request(more);
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      onCallEnded(this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      onCallEnded(this, Status.UNAVAILABLE.withDescription("acceptor ended the call"));
    }

    @Override
    public boolean isReady() {
      ClientCallStreamObserver<Frame> current = requests;
      return current != null && current.isReady();
    }

    @Override
    public synchronized void write(Frame frame) {
      if (done || requests == null) {
        return;
      }
      try {
        requests.onNext(frame);
      } catch (RuntimeException e) {
        done = true;
        logger.debug("{}: cannot write: {}", engine(), e.toString());
      }
    }

    @Override
    public synchronized void complete() {
      if (done || requests == null) {
        return;
      }
      done = true;
      requests.onCompleted();
    }

    synchronized void cancel(String reason) {
      if (done || requests == null) {
        return;
      }
      done = true;
      requests.cancel(reason, null);
    }
  }
}
