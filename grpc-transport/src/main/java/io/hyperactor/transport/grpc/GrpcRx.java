package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.Rx;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.DeliveryQueue;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.LinkGrpc;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of gRPC links: a gRPC server bound to one address whose link calls feed one
 * queue, with one {@link ReceiverSession} per sender.
 *
 * <p>Thread-safe.
 */
final class GrpcRx<M> implements Rx<M> {
  private static final Logger logger = LoggerFactory.getLogger(GrpcRx.class);

  /** Messages held for the application before reads from senders pause. */
  static final int QUEUE_CAPACITY = 1024;

  private final ChannelAddr addr;
  // Calls can arrive as soon as the server starts, before the constructor has finished.
  private final CountDownLatch constructed = new CountDownLatch(1);
  private final ChannelCodec<M> codec;
  private final ChannelSettings settings;
  private final GrpcResources.Lease lease;
  private final DeliveryQueue<M> queue;
  private final Server server;
  private final ConcurrentMap<Long, ReceiverSession<M>> sessions = new ConcurrentHashMap<>();
  private final Object closeLock = new Object();
  private boolean closed;

  GrpcRx(ChannelAddr requested, ChannelCodec<M> codec, ChannelSettings settings) {
    this.codec = checkNotNull(codec, "codec");
    this.settings = checkNotNull(settings, "settings");
    SocketAddress socket = SocketAddresses.of(requested);
    this.lease = GrpcResources.SHARED.acquire();
    try {
      this.server =
          NettyServerBuilder.forAddress(socket)
              .channelType(lease.serverChannelType(requested.transport()))
              .bossEventLoopGroup(lease.eventLoop())
              .workerEventLoopGroup(lease.eventLoop())
              .executor(lease.executor())
              .maxInboundMessageSize(Frames.maxInboundFrame(settings.maxFrameLength()))
              .addService(new LinkService())
              .build();
      server.start();
    } catch (IOException | RuntimeException e) {
      constructed.countDown();
      lease.release();
      throw new ChannelException(
          ChannelException.Kind.IO,
          "cannot serve " + requested + ": " + describe(e),
          e);
    }
    this.addr = SocketAddresses.bound(requested, server.getListenSockets().getFirst());
    this.queue = new DeliveryQueue<>(addr.toString(), QUEUE_CAPACITY);
    constructed.countDown();
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  @Override
  public ChannelAddr addr() {
    return addr;
  }

  @Override
  public M recv() throws InterruptedException {
    return queue.take();
  }

  @Override
  public Optional<M> recv(Duration timeout) throws InterruptedException {
    return queue.poll(timeout);
  }

  /** The session with this id, created on first sight; null once the receiver is closing. */
  @Nullable ReceiverSession<M> session(long sessionId) {
    awaitConstructed();
    synchronized (closeLock) {
      if (closed) {
        return null;
      }
      return sessions.computeIfAbsent(
          sessionId,
          id ->
              new ReceiverSession<>(
                  id,
                  addr.toString(),
                  codec,
                  queue,
                  settings,
                  lease.scheduler(),
                  ended -> sessions.remove(ended.sessionId(), ended)));
    }
  }

  private void awaitConstructed() {
    boolean interrupted = false;
    while (true) {
      try {
        constructed.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  void whenSpace(Runnable resume) {
    queue.whenSpace(resume);
  }

  @Override
  public void close() {
    List<ReceiverSession<M>> open;
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(sessions.values());
    }
    server.shutdown();
    // Stop handing out messages first, so nothing is taken after its session's final ack.
    queue.close(
        new ChannelException(
            ChannelException.Kind.CLOSED,
            "channel " + addr + " closed: receiver closed before the message was received"));
    for (ReceiverSession<M> session : open) {
      session.close("receiver closed");
    }
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
      }
      lease.release().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      logger.warn("{}: stopping transport threads failed", this, e);
    }
    if (addr instanceof ChannelAddr.Unix unix && !unix.abstractName()) {
      try {
        Files.deleteIfExists(Path.of(unix.name()));
      } catch (IOException e) {
        logger.warn("{}: cannot remove the socket file", this, e);
      }
    }
  }

  @Override
  public String toString() {
    return "GrpcRx[" + addr + "]";
  }

  private final class LinkService extends LinkGrpc.LinkImplBase {
    @Override
    public StreamObserver<Frame> open(StreamObserver<Frame> responses) {
      return new ServerConnection(GrpcRx.this, (ServerCallStreamObserver<Frame>) responses);
    }
  }
}
