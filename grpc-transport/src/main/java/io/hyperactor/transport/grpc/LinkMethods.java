package io.hyperactor.transport.grpc;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.LinkGrpc;

/**
 * The link service's methods with {@link FrameMarshaller} instead of the generated marshaller,
 * for both the client and the server side.
 */
final class LinkMethods {
  private LinkMethods() {}

  static final MethodDescriptor<Frame, Frame> OPEN = withFrameMarshaller(LinkGrpc.getOpenMethod());

  static final MethodDescriptor<Frame, Frame> OPEN_DUPLEX =
      withFrameMarshaller(LinkGrpc.getOpenDuplexMethod());

  private static MethodDescriptor<Frame, Frame> withFrameMarshaller(
      MethodDescriptor<Frame, Frame> generated) {
    return generated.toBuilder(FrameMarshaller.INSTANCE, FrameMarshaller.INSTANCE).build();
  }

  /** {@code service}'s definition with the link methods above. */
  static ServerServiceDefinition bind(BindableService service) {
    ServerServiceDefinition generated = service.bindService();
    ServerServiceDefinition.Builder bound =
        ServerServiceDefinition.builder(generated.getServiceDescriptor().getName());
    bound.addMethod(OPEN, handler(generated, OPEN));
    bound.addMethod(OPEN_DUPLEX, handler(generated, OPEN_DUPLEX));
    return bound.build();
  }

  @SuppressWarnings("unchecked") // The generated link methods take and return frames.
  private static ServerCallHandler<Frame, Frame> handler(
      ServerServiceDefinition generated, MethodDescriptor<Frame, Frame> method) {
    ServerMethodDefinition<?, ?> definition = generated.getMethod(method.getFullMethodName());
    if (definition == null) {
      throw new IllegalStateException(
          "the link service has no method " + method.getFullMethodName());
    }
    return (ServerCallHandler<Frame, Frame>) definition.getServerCallHandler();
  }
}
