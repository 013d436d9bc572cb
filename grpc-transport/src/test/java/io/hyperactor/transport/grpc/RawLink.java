package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.transport.grpc.proto.Ack;
import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.Hello;
import io.hyperactor.transport.grpc.proto.Skip;
import io.hyperactor.transport.grpc.proto.LinkGrpc;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven link initiator for protocol tests: it writes exactly the frames a test gives it and
 * records what the receiver answers. Uses gRPC's default threads; {@link #close()} stops its
 * channel.
 */
final class RawLink implements AutoCloseable {
  /** Marks the end of the stream in {@link #frames}. */
  static final Frame END = Frame.getDefaultInstance();

  private final ManagedChannel channel;
  private final LinkGrpc.LinkStub stub;

  RawLink(ChannelAddr.Tcp addr) {
    channel = NettyChannelBuilder.forAddress(addr.address()).usePlaintext().build();
    stub = LinkGrpc.newStub(channel).withWaitForReady();
  }

  /** One call on the link. */
  final class Call {
    final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private ClientCallStreamObserver<Frame> requests;

    Call() {
      stub.open(
          new ClientResponseObserver<Frame, Frame>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<Frame> requests) {
              Call.this.requests = requests;
            }

            @Override
            public void onNext(Frame frame) {
              frames.add(frame);
            }

            @Override
            public void onError(Throwable t) {
              frames.add(END);
            }

            @Override
            public void onCompleted() {
              frames.add(END);
            }
          });
    }

    Call hello(long sessionId, long ackedBelow) {
      requests.onNext(
          Frame.newBuilder()
              .setHello(Hello.newBuilder().setSessionId(sessionId).setAckedBelow(ackedBelow))
              .build());
      return this;
    }

    Call batch(long firstSeq, String... messages) {
      Batch.Builder batch = Batch.newBuilder().setFirstSeq(firstSeq);
      for (String message : messages) {
        batch.addMessages(ByteString.copyFrom(message, StandardCharsets.UTF_8));
      }
      requests.onNext(Frame.newBuilder().setBatch(batch).build());
      return this;
    }

    /** Tells the receiver that this sender gave up on every message below {@code below}. */
    Call skip(long below) {
      requests.onNext(Frame.newBuilder().setSkip(Skip.newBuilder().setBelow(below)).build());
      return this;
    }

    void cancel() {
      requests.cancel("test cut the connection", null);
    }

    /** Reads the receiver's Accept, its first frame, and returns the limit it states. */
    long accept() throws InterruptedException {
      Frame frame = next();
      assertWithMessage("the first frame of the receiver: %s", frame)
          .that(frame.hasAccept())
          .isTrue();
      return frame.getAccept().getMaxFrameLength();
    }

    /** The next frame the receiver wrote (or {@link #END}), waiting generously. */
    Frame next() throws InterruptedException {
      Frame frame = frames.poll(30, TimeUnit.SECONDS);
      assertWithMessage("no frame from the receiver within 30s").that(frame).isNotNull();
      return frame;
    }
  }

  Call open() {
    return new Call();
  }

  static Frame ack(long below) {
    return Frame.newBuilder().setAck(Ack.newBuilder().setAckedBelow(below)).build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(10, TimeUnit.SECONDS);
  }
}
