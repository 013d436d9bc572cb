package io.hyperactor.transport.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.internal.channel.ChannelSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting and stopping the gRPC servers behind receivers. */
final class Servers {
  private static final Logger logger = LoggerFactory.getLogger(Servers.class);

  private Servers() {}

  /**
   * Starts a gRPC server for {@code service} on {@code requested}.
   *
   * @throws ChannelException of kind IO naming the address and the cause when it cannot bind
   */
  static Server start(
      ChannelAddr requested,
      GrpcResources.Lease lease,
      ChannelSettings settings,
      LinkSecurity security,
      BindableService service) {
    try {
      if (SocketAddresses.of(requested) instanceof java.net.InetSocketAddress inet
          && inet.isUnresolved()) {
        throw new ChannelException(
            ChannelException.Kind.INVALID_ADDRESS,
            "cannot serve " + requested + ": host name " + inet.getHostString() + " does not resolve");
      }
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(SocketAddresses.of(requested))
              .channelType(lease.serverChannelType(requested.transport()))
              .bossEventLoopGroup(lease.eventLoop())
              .workerEventLoopGroup(lease.eventLoop())
              .executor(lease.executor())
              .maxInboundMessageSize(Frames.maxInboundFrame(settings.maxFrameLength()))
              .addService(LinkMethods.bind(service))
              .intercept(security.interceptor());
      SslContext tls = security.serverContext(requested);
      if (tls != null) {
        builder.sslContext(tls);
      }
      if (requested.transport() == ChannelTransport.UNIX) {
        // gRPC always sets SO_KEEPALIVE, which domain sockets lack (Netty warns on every
        // accept); a null value removes the option again.
        builder.withChildOption(ChannelOption.SO_KEEPALIVE, null);
      }
      return builder.build().start();
    } catch (ChannelException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ChannelException(
          ChannelException.Kind.IO, "cannot serve " + requested + ": " + describe(e), e);
    }
  }

  /** The address {@code server}, started for {@code requested}, actually bound. */
  static ChannelAddr bound(ChannelAddr requested, Server server) {
    return SocketAddresses.bound(requested, server.getListenSockets().getFirst());
  }

  /**
   * Stops {@code server} (its calls should already be finished), releases the transport threads and
   * removes a filesystem socket.
   */
  static void stop(Server server, GrpcResources.Lease lease, ChannelAddr addr) {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
      }
      lease.release().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      logger.warn("{}: stopping transport threads failed", addr, e);
    }
    if (addr instanceof ChannelAddr.Unix unix && !unix.abstractName()) {
      try {
        Files.deleteIfExists(Path.of(unix.name()));
      } catch (IOException e) {
        logger.warn("{}: cannot remove the socket file", addr, e);
      }
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
