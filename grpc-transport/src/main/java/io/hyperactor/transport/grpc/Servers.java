package io.hyperactor.transport.grpc;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.TcpServeRules;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting and stopping the gRPC servers behind receivers. */
final class Servers {
  private static final Logger logger = LoggerFactory.getLogger(Servers.class);

  private Servers() {}

  /** A started server and the address it advertises. */
  record Started(Server server, ChannelAddr addr) {}

  /**
   * Starts a gRPC server for {@code service} on {@code requested}; a TCP or TLS address is bound
   * and advertised by {@code rules}, and a TLS server presents {@code security}'s certificate.
   *
   * @throws ChannelException of kind IO naming the address and the cause when it cannot bind, or
   *     of kind INVALID_ADDRESS when a TLS host name does not resolve
   */
  static Started start(
      ChannelAddr requested,
      TcpServeRules rules,
      GrpcResources.Lease lease,
      ChannelSettings settings,
      LinkSecurity security,
      ServerServiceDefinition service) {
    if (requested instanceof ChannelAddr.Tcp tcp) {
      TcpServeRules.Bound<Server> bound =
          rules.bind(
              tcp,
              tcp.address(),
              address -> startAt(address, requested, lease, settings, security, service),
              Servers::boundPort);
      return new Started(bound.server(), new ChannelAddr.Tcp(bound.advertised()));
    }
    if (requested instanceof ChannelAddr.Tls tls) {
      InetSocketAddress asked = (InetSocketAddress) SocketAddresses.of(tls);
      if (asked.isUnresolved()) {
        throw new ChannelException(
            ChannelException.Kind.INVALID_ADDRESS,
            "cannot serve " + requested + ": host name " + tls.host() + " does not resolve");
      }
      TcpServeRules.Bound<Server> bound =
          rules.bind(
              tls,
              asked,
              address -> startAt(address, requested, lease, settings, security, service),
              Servers::boundPort);
      // A TLS address keeps a name, which certificates name: the advertised hostname when one is
      // configured, this machine's name for a wildcard, else the name served under.
      String host =
          rules
              .advertiseHostname()
              .orElseGet(
                  () ->
                      asked.getAddress().isAnyLocalAddress()
                          ? ((ChannelAddr.Tls) ChannelAddr.any(ChannelTransport.TLS)).host()
                          : tls.host());
      return new Started(bound.server(), ChannelAddr.Tls.of(host, bound.advertised().getPort()));
    }
    try {
      Server server =
          startAt(SocketAddresses.of(requested), requested, lease, settings, security, service);
      return new Started(server, requested);
    } catch (IOException | RuntimeException e) {
      throw new ChannelException(
          ChannelException.Kind.IO, "cannot serve " + requested + ": " + describe(e), e);
    }
  }

  private static int boundPort(Server server) {
    return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
  }

  private static Server startAt(
      SocketAddress address,
      ChannelAddr requested,
      GrpcResources.Lease lease,
      ChannelSettings settings,
      LinkSecurity security,
      ServerServiceDefinition service)
      throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .channelType(lease.serverChannelType(requested.transport()))
            .bossEventLoopGroup(lease.eventLoop())
            .workerEventLoopGroup(lease.eventLoop())
            .executor(lease.executor())
            .maxInboundMessageSize(Frames.maxInboundFrame(settings.maxFrameLength()))
            .addService(service)
            .intercept(security.interceptor());
    SslContext tls = security.serverContext(requested);
    if (tls != null) {
      // gRPC's TLS negotiator, wrapped to log refused handshakes (NettyServerBuilder.sslContext
      // would install the same negotiator, unwrapped).
      builder.protocolNegotiator(new RefusedHandshakeLog(tls, requested));
    }
    if (requested.transport() == ChannelTransport.UNIX) {
      // gRPC always sets SO_KEEPALIVE, which domain sockets lack (Netty warns on every
      // accept); a null value removes the option again.
      builder.withChildOption(ChannelOption.SO_KEEPALIVE, null);
    }
    Server server = builder.build();
    try {
      return server.start();
    } catch (IOException | RuntimeException e) {
      server.shutdownNow();
      throw e;
    }
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
