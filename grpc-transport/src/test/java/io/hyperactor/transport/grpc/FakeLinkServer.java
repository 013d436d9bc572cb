package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertWithMessage;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.LinkGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven link acceptor for sender tests: it records the frames of every call and answers
 * only what a test tells it to. Uses gRPC's default threads; {@link #close()} stops it.
 */
final class FakeLinkServer implements AutoCloseable {
  private final Server server;
  private final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private volatile boolean refuseCalls;

  FakeLinkServer() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(
                new LinkGrpc.LinkImplBase() {
                  @Override
                  public StreamObserver<Frame> open(StreamObserver<Frame> responses) {
                    Call call = new Call(responses);
                    if (refuseCalls) {
                      responses.onError(
                          Status.UNAVAILABLE.withDescription("refused").asException());
                    } else {
                      calls.add(call);
                    }
                    return call;
                  }
                })
            .build()
            .start();
  }

  ChannelAddr.Tcp addr() {
    return new ChannelAddr.Tcp((InetSocketAddress) server.getListenSockets().getFirst());
  }

  /** From now on, fail every new call at once, as a receiver that keeps dropping connections. */
  void refuseCalls() {
    refuseCalls = true;
  }

  /** The next call a sender opened, waiting generously. */
  Call nextCall() throws InterruptedException {
    Call call = calls.poll(30, TimeUnit.SECONDS);
    assertWithMessage("no call within 30s").that(call).isNotNull();
    return call;
  }

  /** One incoming call. */
  static final class Call implements StreamObserver<Frame> {
    final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final StreamObserver<Frame> responses;
    /** Completed when the sender ends or cancels the call. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    Call(StreamObserver<Frame> responses) {
      this.responses = responses;
    }

    @Override
    public void onNext(Frame frame) {
      frames.add(frame);
    }

    @Override
    public void onError(Throwable t) {
      ended.complete(null);
    }

    @Override
    public synchronized void onCompleted() {
      ended.complete(null);
      // Like a real acceptor, answer a sender's half-close by ending the call.
      try {
        responses.onCompleted();
      } catch (IllegalStateException e) {
        // The test already broke this call.
      }
    }

    Frame next() throws InterruptedException {
      Frame frame = frames.poll(30, TimeUnit.SECONDS);
      assertWithMessage("no frame within 30s").that(frame).isNotNull();
      return frame;
    }

    /** Reads batches until {@code count} messages arrived; returns their seqs and texts. */
    List<String> messages(int count) throws InterruptedException {
      List<String> out = new ArrayList<>();
      while (out.size() < count) {
        Frame frame = next();
        if (frame.hasBatch()) {
          long seq = frame.getBatch().getFirstSeq();
          for (var bytes : frame.getBatch().getMessagesList()) {
            out.add(seq++ + "=" + bytes.toStringUtf8());
          }
        }
      }
      return out;
    }

    synchronized void respond(Frame frame) {
      responses.onNext(frame);
    }

    /** Breaks the call, as a dropped connection. */
    synchronized void fail() {
      responses.onError(Status.UNAVAILABLE.withDescription("connection lost").asException());
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(10, TimeUnit.SECONDS);
  }
}
