package io.hyperactor.transport.grpc;

import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Converts between channel addresses and the socket addresses Netty binds and connects. */
final class SocketAddresses {
  private SocketAddresses() {}

  /** The socket address for {@code addr}, which must be a TCP or Unix address. */
  static SocketAddress of(ChannelAddr addr) {
    return switch (addr) {
      case ChannelAddr.Tcp tcp -> tcp.address();
      case ChannelAddr.Tls tls -> new InetSocketAddress(tls.host(), tls.port());
      // Linux names abstract sockets with a leading NUL byte; Netty passes the name through.
      case ChannelAddr.Unix unix ->
          new DomainSocketAddress(unix.abstractName() ? "\0" + unix.name() : unix.name());
      case ChannelAddr.Local local ->
          throw new ChannelException(
              ChannelException.Kind.INVALID_ADDRESS,
              "the gRPC transport cannot serve or dial " + local + "; expected tcp:, tls: or unix:");
    };
  }
}
