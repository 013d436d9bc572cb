package io.hyperactor.benchmarks.grpc;

import com.google.protobuf.BytesValue;
import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.hyperactor.benchmarks.PeerJvm;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The far side of the raw gRPC scenarios: a counting stream that answers one byte every {@code
 * window} messages, and an echoing stream.
 */
public final class RawGrpcRemotePeer {
  private RawGrpcRemotePeer() {}

  /** Args: the ack window. */
  public static void main(String[] args) throws Exception {
    int window = Integer.parseInt(args[0]);
    BytesValue ack = BytesValue.newBuilder().setValue(ByteString.copyFrom(new byte[1])).build();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(RawGrpcMethods.SERVICE)
            .addMethod(
                RawGrpcMethods.COUNT,
                ServerCalls.asyncBidiStreamingCall(replies -> counter(replies, window, ack)))
            .addMethod(RawGrpcMethods.ECHO, ServerCalls.asyncBidiStreamingCall(RawGrpcRemotePeer::echo))
            .build();
    EventLoopGroup loop = RawGrpcMethods.eventLoop();
    ExecutorService executor = RawGrpcMethods.executor();
    Server server = RawGrpcMethods.server(loop, executor).addService(service).build().start();
    try {
      System.out.println("READY " + server.getPort());
      System.out.flush();
      PeerJvm.awaitParentExit();
    } finally {
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      // The event loop first: its last callbacks still hand work to the executor.
      loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
      executor.shutdownNow();
    }
  }

  private static StreamObserver<BytesValue> counter(
      StreamObserver<BytesValue> replies, int window, BytesValue ack) {
    return new Inbound() {
      private int count;

      @Override
      public void onNext(BytesValue message) {
        if (++count == window) {
          count = 0;
          replies.onNext(ack);
        }
      }

      @Override
      public void onCompleted() {
        replies.onCompleted();
      }
    };
  }

  private static StreamObserver<BytesValue> echo(StreamObserver<BytesValue> replies) {
    return new Inbound() {
      @Override
      public void onNext(BytesValue message) {
        replies.onNext(message);
      }

      @Override
      public void onCompleted() {
        replies.onCompleted();
      }
    };
  }

  /** A stream's inbound side; a stream that fails simply ends with its driver. */
  private abstract static class Inbound implements StreamObserver<BytesValue> {
    @Override
    public void onError(Throwable error) {}
  }
}
