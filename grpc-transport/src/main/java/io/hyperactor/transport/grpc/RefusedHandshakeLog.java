package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import io.hyperactor.channel.ChannelAddr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS server's protocol negotiator that logs every handshake it refuses at WARN, naming the
 * remote address and the reason, at most once a minute per remote host.
 *
 * <p>gRPC's own TLS negotiator does the handshake; this one wraps it only to listen to the
 * handshake of each new connection ({@link SslHandler#handshakeFuture}), which gRPC and Netty
 * report at DEBUG only. Refusals are counted per remote host (not per port, which a retrying
 * client changes at every attempt), so a client that keeps retrying produces one line a minute,
 * which says how many refusals it stands for. A connection closed before its handshake (a TCP
 * health check) is not a refusal.
 */
final class RefusedHandshakeLog implements InternalProtocolNegotiator.ProtocolNegotiator {
  private static final Logger logger = LoggerFactory.getLogger(RefusedHandshakeLog.class);
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Past this many remote hosts, hosts quiet for a minute are forgotten. */
  private static final int MAX_HOSTS = 1024;

  private final InternalProtocolNegotiator.ProtocolNegotiator tls;
  private final ChannelAddr served;
  private final ConcurrentHashMap<Object, Window> windows = new ConcurrentHashMap<>();

  /** Refusals from one host since its last logged line. */
  private static final class Window {
    final long startNanos;
    final AtomicInteger suppressed = new AtomicInteger();

    Window(long startNanos) {
      this.startNanos = startNanos;
    }
  }

  RefusedHandshakeLog(SslContext context, ChannelAddr served) {
    this.tls = InternalProtocolNegotiators.serverTls(checkNotNull(context, "context"));
    this.served = checkNotNull(served, "served");
  }

  @Override
  public AsciiString scheme() {
    return tls.scheme();
  }

  @Override
  public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
    ChannelHandler negotiation = tls.newHandler(grpcHandler);
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addAfter(ctx.name(), null, negotiation);
        watch(ctx);
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // gRPC's TLS handler puts its SslHandler in front of itself (behind this one) when the
        // protocol negotiation event reaches it.
        ctx.fireUserEventTriggered(event);
        watch(ctx);
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object message) {
        watch(ctx);
        ctx.fireChannelRead(message);
      }

      private void watch(ChannelHandlerContext ctx) {
        if (ctx.isRemoved()) {
          return;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
          return;
        }
        ctx.pipeline().remove(this);
        SocketAddress local = ctx.channel().localAddress();
        SocketAddress remote = ctx.channel().remoteAddress();
        ssl.handshakeFuture()
            .addListener(
                done -> {
                  if (!done.isSuccess()) {
                    refused(local, remote, done.cause());
                  }
                });
      }
    };
  }

  private void refused(SocketAddress local, SocketAddress remote, Throwable cause) {
    String reason = TlsFailures.describeRefusal(cause);
    if (reason == null) {
      logger.debug("{}: {} closed the connection before the TLS handshake", served, remote);
      return;
    }
    Object host =
        remote instanceof InetSocketAddress inet && inet.getAddress() != null
            ? inet.getAddress()
            : remote;
    long now = System.nanoTime();
    int[] suppressed = {-1};
    windows.compute(
        host,
        (key, window) -> {
          if (window != null && now - window.startNanos < INTERVAL_NANOS) {
            window.suppressed.incrementAndGet();
            return window;
          }
          suppressed[0] = window == null ? 0 : window.suppressed.get();
          return new Window(now);
        });
    if (suppressed[0] < 0) {
      logger.debug(
          "{}: refused a TLS handshake from {}: {} (already logged for this host this minute)",
          served,
          remote,
          reason);
      return;
    }
    logger.warn(
        "{} (at {}): refused a TLS handshake from {}: {}{}",
        served,
        local,
        remote,
        reason,
        suppressed[0] == 0
            ? ""
            : " ("
                + suppressed[0]
                + " more from this host since the previous line, logged at DEBUG only)");
    if (windows.size() > MAX_HOSTS) {
      windows.values().removeIf(w -> now - w.startNanos >= INTERVAL_NANOS);
    }
  }

  @Override
  public void close() {
    tls.close();
  }
}
