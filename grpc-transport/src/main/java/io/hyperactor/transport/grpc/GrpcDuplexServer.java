package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.util.concurrent.Uninterruptibles;
import io.grpc.Server;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.DuplexServer;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.TcpServeRules;
import io.hyperactor.internal.channel.Delivery;
import io.hyperactor.internal.channel.DeliveryQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * A gRPC server accepting duplex links: each new session id becomes a {@link ServerDuplexSession}
 * handed out by {@link #accept}.
 *
 * <p>Thread-safe.
 */
final class GrpcDuplexServer<I, O> implements DuplexServer<I, O>, ServerConnection.Acceptor {
  private final ChannelAddr addr;
  private final CountDownLatch constructed = new CountDownLatch(1);
  private final ChannelCodec<I> inCodec;
  private final ChannelCodec<O> outCodec;
  private final ChannelSettings settings;
  private final GrpcResources.Lease lease;
  private final Server server;
  private final DeliveryQueue<DuplexLink<I, O>> accepted;
  private final ConcurrentMap<Long, ServerDuplexSession<I, O>> sessions = new ConcurrentHashMap<>();
  private final Object closeLock = new Object();
  private boolean closed;

  GrpcDuplexServer(
      ChannelAddr requested,
      ChannelCodec<I> inCodec,
      ChannelCodec<O> outCodec,
      ChannelSettings settings,
      TcpServeRules rules,
      LinkSecurity security) {
    this.inCodec = checkNotNull(inCodec, "inCodec");
    this.outCodec = checkNotNull(outCodec, "outCodec");
    this.settings = checkNotNull(settings, "settings");
    this.lease = GrpcResources.SHARED.acquire();
    try {
      Servers.Started started =
          Servers.start(requested, rules, lease, settings, security, LinkMethods.duplex(responses -> new ServerConnection(this, responses)));
      this.server = started.server();
      this.addr = started.addr();
    } catch (RuntimeException e) {
      constructed.countDown();
      lease.release();
      throw e;
    }
    this.accepted = new DeliveryQueue<>("duplex server " + addr, Integer.MAX_VALUE);
    constructed.countDown();
  }

  @Override
  public ChannelAddr addr() {
    return addr;
  }

  @Override
  public DuplexLink<I, O> accept() throws InterruptedException {
    return accepted.take();
  }

  @Override
  public Optional<DuplexLink<I, O>> accept(Duration timeout) throws InterruptedException {
    return accepted.poll(timeout);
  }

  @Override
  public @Nullable AcceptedSession session(long sessionId) {
    Uninterruptibles.awaitUninterruptibly(constructed);
    ServerDuplexSession<I, O> created;
    synchronized (closeLock) {
      if (closed) {
        return null;
      }
      ServerDuplexSession<I, O> existing = sessions.get(sessionId);
      if (existing != null) {
        return existing;
      }
      created =
          new ServerDuplexSession<>(
              sessionId,
              addr,
              inCodec,
              outCodec,
              settings,
              lease.executor(),
              lease.scheduler(),
              ended -> sessions.remove(ended.sessionId(), ended));
      sessions.put(sessionId, created);
    }
    boolean offered =
        accepted.offer(
            new Delivery<>() {
              @Override
              public DuplexLink<I, O> message() {
                return created;
              }

              @Override
              public boolean taken() {
                return true;
              }

              @Override
              public void dropped(ChannelException error) {
                created.serverClosed();
              }
            });
    if (!offered) {
      created.serverClosed();
    }
    return created;
  }

  @Override
  public long maxFrameLength() {
    return Frames.effectiveMaxFrameLength(settings.maxFrameLength());
  }

  @Override
  public void close() {
    List<ServerDuplexSession<I, O>> open;
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(sessions.values());
    }
    accepted.close(
        new ChannelException(ChannelException.Kind.CLOSED, "duplex server " + addr + " closed"));
    // Close every session gracefully and together: each waits for its dialer's final ack.
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (ServerDuplexSession<I, O> session : open) {
      answers.add(session.beginClose("server closed"));
    }
    for (int i = 0; i < open.size(); i++) {
      open.get(i).finishClose(answers.get(i), "server closed");
    }
    Servers.stop(server, lease, addr);
  }

  @Override
  public String toString() {
    return "GrpcDuplexServer[" + addr + "]";
  }
}
