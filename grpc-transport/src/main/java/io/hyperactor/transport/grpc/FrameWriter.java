package io.hyperactor.transport.grpc;

import io.hyperactor.channel.ChannelPeer;
import org.jspecify.annotations.Nullable;

import io.hyperactor.transport.grpc.proto.Frame;

/**
 * The writing half of one gRPC call of a link, shared by the sender and receiver sides that use the
 * call. Implementations serialize writes themselves and never call back into their users.
 */
interface FrameWriter {

  /** True while gRPC flow control lets more frames be written without buffering. */
  boolean isReady();

  /** Writes a frame unless the call has ended. */
  void write(Frame frame);

  /** Ends the call normally. Idempotent. */
  void complete();

  /**
   * The identity the transport established for what arrives on this call; null when none is
   * checked (plaintext, no authorization), so messages are decoded as they are.
   */
  default @Nullable ChannelPeer peer() {
    return null;
  }
}
