package io.hyperactor.it;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.Undeliverable;
import io.hyperactor.it.BoundaryMessages.Blob;
import io.hyperactor.it.BoundaryMessages.Item;
import io.hyperactor.it.BoundaryMessages.Recorded;
import io.hyperactor.it.BoundaryMessages.RecorderMsg;
import io.hyperactor.it.BoundaryMessages.Report;
import io.hyperactor.it.BoundaryMessages.SendBlobs;
import io.hyperactor.ref.OncePortRef;
import java.util.ArrayList;
import java.util.List;

/** The actors of the boundary tests, on both sides. */
final class BoundaryActors {
  private BoundaryActors() {}

  /** Records every item and blob it handles, in order, and reports them on request. */
  static final class Recorder implements Actor<RecorderMsg> {
    private final List<Long> items = new ArrayList<>();
    private final List<Integer> blobs = new ArrayList<>();

    @Override
    public void handle(Context<RecorderMsg> cx, RecorderMsg message) {
      switch (message) {
        case Item i -> items.add(i.n());
        case Blob b -> blobs.add(b.index());
        case Report r -> r.reply().send(cx, new Recorded(List.copyOf(items), List.copyOf(blobs)));
      }
    }
  }

  /** The messages of a {@link BlobSender}: a request, and the end of one. */
  sealed interface BlobSenderMsg permits Start, Finish {}

  /** Start sending what {@code request} asks for. */
  record Start(SendBlobs request) implements BlobSenderMsg {}

  /** Every blob of a request was sent and every refusal of one came back: answer. */
  record Finish(OncePortRef<List<Integer>> reply) implements BlobSenderMsg {}

  /**
   * Sends blobs of the sizes it is asked for and answers with the indexes that came back. A blob
   * over this side's own frame limit comes back while it is sent, so its return is queued ahead
   * of the {@link Finish} the sender queues to itself after the last blob.
   */
  static final class BlobSender implements Actor<BlobSenderMsg> {
    private final List<Integer> returned = new ArrayList<>();

    @Override
    public void handle(Context<BlobSenderMsg> cx, BlobSenderMsg message) {
      switch (message) {
        case Start s -> {
          returned.clear();
          List<Integer> sizes = s.request().sizes();
          for (int i = 0; i < sizes.size(); i++) {
            byte[] data = new byte[sizes.get(i)];
            data[0] = (byte) i;
            s.request().to().send(cx, new Blob(i, data));
          }
          cx.port().send(cx, new Finish(s.request().reply()));
        }
        case Finish f -> f.reply().send(cx, List.copyOf(returned));
      }
    }

    @Override
    public void handleUndeliverable(Instance<BlobSenderMsg> self, Undeliverable undeliverable) {
      if (undeliverable.envelope().payload() instanceof Blob b) {
        returned.add(b.index());
      } else {
        throw new IllegalStateException("unexpected return: " + undeliverable);
      }
    }
  }
}
