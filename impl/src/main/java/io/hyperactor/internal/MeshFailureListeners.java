package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.mesh.MeshFailure;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one actor system that hear every failure and stop its meshes report to their
 * owners, in the order each mesh reports them.
 *
 * <p>A listener runs on the reporting mesh's supervision thread, so it must hand the failure off
 * and return: a listener that blocks delays that mesh's supervision. One that throws is logged and
 * stays subscribed. Thread-safe.
 */
public final class MeshFailureListeners {
  private static final Logger log = LoggerFactory.getLogger(MeshFailureListeners.class);

  private final CopyOnWriteArrayList<Consumer<MeshFailure>> listeners =
      new CopyOnWriteArrayList<>();

  /** Subscribes {@code listener}; closing the result unsubscribes it. */
  public AutoCloseable subscribe(Consumer<MeshFailure> listener) {
    checkNotNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Hands {@code failure} to every listener. */
  public void publish(MeshFailure failure) {
    for (Consumer<MeshFailure> listener : listeners) {
      try {
        listener.accept(failure);
      } catch (RuntimeException e) {
        log.warn("mesh failure listener {} threw on {}", listener, failure, e);
      }
    }
  }
}
