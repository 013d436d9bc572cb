package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.LinkStatus;
import java.util.concurrent.CompletableFuture;

/**
 * A link status that moves once from Active to Closed, and a future that completes at that moment.
 *
 * <p>Thread-safe.
 */
public final class StatusCell {
  private final CompletableFuture<LinkStatus.Closed> closed = new CompletableFuture<>();

  /** The current status. */
  public LinkStatus get() {
    LinkStatus.Closed now = closed.getNow(null);
    return now == null ? LinkStatus.active() : now;
  }

  /** Closes with {@code reason}; false if it was already closed (the first reason stays). */
  public boolean close(String reason) {
    checkNotNull(reason, "reason");
    return closed.complete(new LinkStatus.Closed(reason));
  }

  /** True once closed. */
  public boolean isClosed() {
    return closed.isDone();
  }

  /** The close reason, or {@code fallback} while the link is active. */
  public String reasonOr(String fallback) {
    LinkStatus.Closed now = closed.getNow(null);
    return now == null ? fallback : now.reason();
  }

  /** A future that completes on close; completing it has no effect on this cell. */
  public CompletableFuture<LinkStatus.Closed> whenClosed() {
    return closed.copy();
  }
}
