package io.hyperactor.transport.grpc;

import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Frame;

/** What an accepting server runs for one session id: simplex receiving, or both duplex sides. */
interface AcceptedSession {

  /** A call with this session's Hello arrived; it supersedes any earlier call. */
  void attach(FrameWriter call, long initiatorAckedBelow);

  /**
   * The initiator stated, in its Hello on {@code call}, the largest message it takes; only sessions
   * that send to it care.
   */
  default void initiatorLimit(FrameWriter call, long maxFrameLength) {}

  /** Messages from the initiator; false when the session ended and the call is done. */
  boolean receive(FrameWriter call, Batch batch);

  /** The initiator gave up on every unacknowledged message below {@code below}. */
  void skip(FrameWriter call, long below);

  /** An Ack, Nack, Reject or Closed from the initiator. */
  void onFrame(FrameWriter call, Frame frame);

  /** The call broke; the session waits for the initiator to reconnect. */
  void detach(FrameWriter call);

  /** The initiator half-closed the call deliberately: the session ends. */
  void initiatorClosed(FrameWriter call);

  /** The call can take more frames (gRPC flow control); only sessions that send care. */
  default void onReady(FrameWriter call) {}

  /** Runs {@code resume} once the session's receiving queue has room. */
  void whenSpace(Runnable resume);
}
