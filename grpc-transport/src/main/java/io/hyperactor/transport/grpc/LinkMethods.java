package io.hyperactor.transport.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.LinkGrpc;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The link service's methods as each side uses them: frames are written with {@link
 * FrameMarshaller#WRITER} and received unread ({@link FrameMarshaller#UNREAD}), so that the
 * receiving observer parses each frame itself and keeps gRPC's buffers while it handles it.
 */
final class LinkMethods {
  private LinkMethods() {}

  /** The initiator's side of a simplex link. */
  static final MethodDescriptor<Frame, InputStream> OPEN =
      initiator(LinkGrpc.getOpenMethod());

  /** The initiator's side of a duplex link. */
  static final MethodDescriptor<Frame, InputStream> OPEN_DUPLEX =
      initiator(LinkGrpc.getOpenDuplexMethod());

  /** Opens the acceptor's side of one link stream. */
  @FunctionalInterface
  interface Acceptor {
    /** The observer of the frames the initiator sends; {@code responses} writes back. */
    StreamObserver<InputStream> accept(ServerCallStreamObserver<Frame> responses);
  }

  /** A service that accepts simplex links (the other method answers "unimplemented"). */
  static ServerServiceDefinition simplex(Acceptor acceptor) {
    return service(acceptor, null);
  }

  /** A service that accepts duplex links (the other method answers "unimplemented"). */
  static ServerServiceDefinition duplex(Acceptor acceptor) {
    return service(null, acceptor);
  }

  private static ServerServiceDefinition service(
      @Nullable Acceptor open,
      @Nullable Acceptor openDuplex) {
    return ServerServiceDefinition.builder(LinkGrpc.SERVICE_NAME)
        .addMethod(
            acceptor(LinkGrpc.getOpenMethod()),
            ServerCalls.asyncBidiStreamingCall(handler(open, LinkGrpc.getOpenMethod())))
        .addMethod(
            acceptor(LinkGrpc.getOpenDuplexMethod()),
            ServerCalls.asyncBidiStreamingCall(
                handler(openDuplex, LinkGrpc.getOpenDuplexMethod())))
        .build();
  }

  private static ServerCalls.BidiStreamingMethod<InputStream, Frame> handler(
      @Nullable Acceptor acceptor, MethodDescriptor<?, ?> method) {
    if (acceptor == null) {
      return responses -> ServerCalls.asyncUnimplementedStreamingCall(method, responses);
    }
    return responses -> acceptor.accept((ServerCallStreamObserver<Frame>) responses);
  }

  private static MethodDescriptor<Frame, InputStream> initiator(
      MethodDescriptor<Frame, Frame> generated) {
    return generated.toBuilder(FrameMarshaller.WRITER, FrameMarshaller.UNREAD).build();
  }

  private static MethodDescriptor<InputStream, Frame> acceptor(
      MethodDescriptor<Frame, Frame> generated) {
    return generated.toBuilder(FrameMarshaller.UNREAD, FrameMarshaller.WRITER).build();
  }
}
