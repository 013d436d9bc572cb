package io.hyperactor.transport.grpc;

/**
 * The frames one call has asked gRPC for and not yet received, refilled in steps.
 *
 * <p>A request for more frames from outside the event loop is a task handed to the event loop, so
 * asking for one frame after each frame costs a thread hand-off per frame. Asking for {@link
 * #FRAMES} at a time, and again once half of them have arrived, costs one hand-off per {@code
 * FRAMES / 2} frames; a reader that stops asking still receives at most {@code FRAMES} more.
 * Thread-safe.
 */
final class ReadAhead {
  /** Frames requested ahead of the reader. */
  static final int FRAMES = 8;

  private int outstanding;

  /** Counts one frame received. */
  synchronized void received() {
    if (outstanding > 0) {
      outstanding--;
    }
  }

  /**
   * How many frames to request now that the reader can take more: none while more than half of
   * the read-ahead is still on its way, otherwise enough to make it whole again.
   */
  synchronized int refill() {
    if (outstanding > FRAMES / 2) {
      return 0;
    }
    int more = FRAMES - outstanding;
    outstanding = FRAMES;
    return more;
  }
}
