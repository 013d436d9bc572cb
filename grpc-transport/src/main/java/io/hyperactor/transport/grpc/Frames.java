package io.hyperactor.transport.grpc;

/** Size limits of link frames. */
final class Frames {
  private Frames() {}

  /** Room for protobuf framing around the messages of one batch. */
  static final int OVERHEAD = 1024 * 1024;

  /** Acceptor frames are small (acks, reasons); anything bigger is a protocol error. */
  static final int MAX_RESPONSE_FRAME = 1024 * 1024;

  /**
   * The largest message the link carries: {@code codec_max_frame_length}, capped so one message
   * plus its batch framing fits in a protobuf message (under 2 GiB).
   */
  static long effectiveMaxFrameLength(long configured) {
    return Math.min(configured, Integer.MAX_VALUE - 2L * OVERHEAD - SenderEngine.BATCH_BYTES);
  }

  /** The gRPC inbound limit for a receiver whose largest message is {@code maxFrameLength}. */
  static int maxInboundFrame(long maxFrameLength) {
    long largestBatch = Math.max(effectiveMaxFrameLength(maxFrameLength), SenderEngine.BATCH_BYTES);
    return (int) Math.min(Integer.MAX_VALUE, largestBatch + OVERHEAD);
  }
}
