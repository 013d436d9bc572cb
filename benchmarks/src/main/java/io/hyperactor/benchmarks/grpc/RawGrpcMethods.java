package io.hyperactor.benchmarks.grpc;

import com.google.protobuf.BytesValue;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.protobuf.ProtoUtils;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The two bidirectional methods of the raw gRPC scenario and the channel set-up both sides share,
 * which is the channel transport's: Netty with epoll where available, two event-loop threads, four
 * callback threads, plaintext, gRPC's default flow-control window and a 64 MiB inbound limit.
 */
final class RawGrpcMethods {
  private RawGrpcMethods() {}

  static final String SERVICE = "bench.Raw";

  /** Counts the messages; answers one byte every {@code window} messages. */
  static final MethodDescriptor<BytesValue, BytesValue> COUNT = method("Count");

  /** Answers every message with itself. */
  static final MethodDescriptor<BytesValue, BytesValue> ECHO = method("Echo");

  static final int MAX_INBOUND = 64 * 1024 * 1024;

  private static MethodDescriptor<BytesValue, BytesValue> method(String name) {
    MethodDescriptor.Marshaller<BytesValue> marshaller =
        ProtoUtils.marshaller(BytesValue.getDefaultInstance());
    return MethodDescriptor.<BytesValue, BytesValue>newBuilder()
        .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(marshaller)
        .setResponseMarshaller(marshaller)
        .build();
  }

  static EventLoopGroup eventLoop() {
    return new MultiThreadIoEventLoopGroup(
        2, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  static ExecutorService executor() {
    return Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "raw-grpc-exec");
      thread.setDaemon(true);
      return thread;
    });
  }

  static NettyServerBuilder server(EventLoopGroup loop, ExecutorService executor) {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .channelType(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .bossEventLoopGroup(loop)
        .workerEventLoopGroup(loop)
        .executor(executor)
        .maxInboundMessageSize(MAX_INBOUND);
  }

  static NettyChannelBuilder channel(int port, EventLoopGroup loop, ExecutorService executor) {
    return NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .channelType(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .eventLoopGroup(loop)
        .executor(executor)
        .maxInboundMessageSize(MAX_INBOUND)
        .usePlaintext();
  }
}
