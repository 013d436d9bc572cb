package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.util.concurrent.Uninterruptibles;
import io.grpc.Server;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.TcpServeRules;
import io.hyperactor.internal.channel.DeliveryQueue;
import io.hyperactor.internal.channel.PushRx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The receiving end of simplex gRPC links: a gRPC server bound to one address whose link calls feed
 * one queue, with one {@link ReceiverSession} per sender.
 *
 * <p>Thread-safe.
 */
final class GrpcRx<M> implements PushRx<M>, ServerConnection.Acceptor {

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

  GrpcRx(
      ChannelAddr requested,
      ChannelCodec<M> codec,
      ChannelSettings settings,
      TcpServeRules rules,
      LinkSecurity security) {
    this.codec = checkNotNull(codec, "codec");
    this.settings = checkNotNull(settings, "settings");
    this.lease = GrpcResources.SHARED.acquire();
    try {
      Servers.Started started =
          Servers.start(requested, rules, lease, settings, security, LinkMethods.simplex(responses -> new ServerConnection(this, responses)));
      this.server = started.server();
      this.addr = started.addr();
    } catch (RuntimeException e) {
      constructed.countDown();
      lease.release();
      throw e;
    }
    this.queue = new DeliveryQueue<>(addr.toString(), QUEUE_CAPACITY);
    constructed.countDown();
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

  @Override
  public void consumeWith(Consumer<? super M> consumer) {
    // Beyond one batch, the rest is handed out from gRPC's callback executor.
    queue.consumeWith(consumer, lease.executor());
  }

  @Override
  public boolean awaitConsumerIdle(Duration timeout) throws InterruptedException {
    return queue.awaitHandOutIdle(timeout);
  }

  @Override
  public @Nullable ReceiverSession<M> session(long sessionId) {
    Uninterruptibles.awaitUninterruptibly(constructed);
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

  @Override
  public long maxFrameLength() {
    return Frames.effectiveMaxFrameLength(settings.maxFrameLength());
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
    // Stop handing out messages first, so nothing is taken after its session's final ack.
    queue.close(
        new ChannelException(
            ChannelException.Kind.CLOSED,
            "channel " + addr + " closed: receiver closed before the message was received"));
    for (ReceiverSession<M> session : open) {
      session.close("receiver closed");
    }
    Servers.stop(server, lease, addr);
  }

  @Override
  public String toString() {
    return "GrpcRx[" + addr + "]";
  }
}
