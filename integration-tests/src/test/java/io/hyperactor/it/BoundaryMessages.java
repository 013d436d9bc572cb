package io.hyperactor.it;

import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import java.util.List;

/** The messages of {@link BoundaryPeerMain} and the tests that talk to it, and their registry. */
final class BoundaryMessages {
  private BoundaryMessages() {}

  /** What a recorder handles. */
  sealed interface RecorderMsg permits Item, Blob, Report {}

  /** One numbered message of a stream. */
  record Item(long n) implements RecorderMsg {}

  /** A message of some size, numbered by {@code index}. */
  record Blob(int index, byte[] data) implements RecorderMsg {}

  /** Asks a recorder what it has handled so far. */
  record Report(OncePortRef<Recorded> reply) implements RecorderMsg {}

  /**
   * What a recorder handled, in the order it handled them.
   *
   * @param items the numbers of the {@link Item}s
   * @param blobs the indexes of the {@link Blob}s
   */
  record Recorded(List<Long> items, List<Integer> blobs) {}

  /**
   * Asks a blob sender to send a {@link Blob} of each size to {@code to}, then to answer with the
   * indexes of the ones that came back undeliverable.
   */
  record SendBlobs(
      ActorRef<RecorderMsg> to, List<Integer> sizes, OncePortRef<List<Integer>> reply) {}

  /** A registered message that no actor of these tests accepts. */
  record Foreign(String text) {}

  /** Registers the messages of these tests. */
  static void register(CodecRegistrar codecs) {
    codecs
        .sealed("boundary.RecorderMsg", RecorderMsg.class)
        .record("boundary.Recorded", Recorded.class)
        .record("boundary.SendBlobs", SendBlobs.class)
        .record("boundary.Foreign", Foreign.class);
  }
}
