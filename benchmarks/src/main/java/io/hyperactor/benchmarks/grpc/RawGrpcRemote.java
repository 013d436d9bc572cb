package io.hyperactor.benchmarks.grpc;

import com.google.protobuf.BytesValue;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.hyperactor.benchmarks.PeerJvm;
import io.hyperactor.benchmarks.RemoteDriver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two-JVM scenarios over a plain bidirectional gRPC stream with no actor runtime: each message is
 * a protobuf {@code BytesValue} wrapping the sender's array without copying it, and the peer
 * acknowledges or echoes as the actor peers do. Driven by {@link RemoteDriver} like the runtimes.
 */
public final class RawGrpcRemote implements RemoteDriver.Link {
  private final AtomicReference<RemoteDriver.Listener> listener = new AtomicReference<>();
  private final EventLoopGroup loop = RawGrpcMethods.eventLoop();
  private final ExecutorService executor = RawGrpcMethods.executor();
  private final PeerJvm peer;
  private final ManagedChannel channel;
  private final StreamObserver<BytesValue> counter;
  private final StreamObserver<BytesValue> echo;

  /** Starts the peer JVM and opens both streams; {@code window} is the peer's ack window. */
  public RawGrpcRemote(int window) throws Exception {
    peer = PeerJvm.start(RawGrpcRemotePeer.class, Integer.toString(window));
    channel = RawGrpcMethods.channel(Integer.parseInt(peer.readyDetails()), loop, executor).build();
    counter = open(RawGrpcMethods.COUNT);
    echo = open(RawGrpcMethods.ECHO);
  }

  private StreamObserver<BytesValue> open(MethodDescriptor<BytesValue, BytesValue> method) {
    return ClientCalls.asyncBidiStreamingCall(
        channel.newCall(method, CallOptions.DEFAULT),
        new StreamObserver<>() {
          @Override
          public void onNext(BytesValue reply) {
            listener.get().onReply(reply.getValue().toByteArray());
          }

          @Override
          public void onError(Throwable error) {}

          @Override
          public void onCompleted() {}
        });
  }

  @Override
  public void setListener(RemoteDriver.Listener listener) {
    this.listener.set(listener);
  }

  @Override
  public void sendToCounter(byte[] message) {
    send(counter, message);
  }

  @Override
  public void sendToEcho(byte[] message) {
    send(echo, message);
  }

  private static void send(StreamObserver<BytesValue> stream, byte[] message) {
    BytesValue value = BytesValue.newBuilder().setValue(UnsafeByteOperations.unsafeWrap(message)).build();
    // A call's observer is not thread-safe; the driver sends from its own thread and from acks.
    synchronized (stream) {
      stream.onNext(value);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      synchronized (counter) {
        counter.onCompleted();
      }
      synchronized (echo) {
        echo.onCompleted();
      }
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    } finally {
      try {
        peer.close();
      } finally {
        // The event loop first: its last callbacks still hand work to the executor.
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        executor.shutdownNow();
      }
    }
  }
}
