package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.SendError;
import io.hyperactor.channel.SendException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the outcome of one posted message goes: acknowledged, or returned with a {@link SendError}.
 *
 * <p>Transports call exactly one of the two methods, exactly once. Callbacks never throw: a failing
 * user handler is logged, so it cannot break the transport thread that called it.
 */
public abstract class SendCallback<M> {
  private static final Logger logger = LoggerFactory.getLogger(SendCallback.class);

  private SendCallback() {}

  /** The receiver acknowledged the message. */
  public abstract void acked();

  /** The message came back. */
  public abstract void failed(SendError<M> error);

  /** Reports failures to {@code handler}; acknowledgements need no report. */
  public static <M> SendCallback<M> of(Consumer<? super SendError<M>> handler) {
    checkNotNull(handler, "handler");
    return new SendCallback<>() {
      @Override
      public void acked() {}

      @Override
      public void failed(SendError<M> error) {
        try {
          handler.accept(error);
        } catch (RuntimeException e) {
          logger.error(
              "return handler failed for an undeliverable message ({})", error.reason(), e);
        }
      }
    };
  }

  /** Completes {@code future} on acknowledgement, or exceptionally with a {@link SendException}. */
  public static <M> SendCallback<M> of(CompletableFuture<Void> future) {
    checkNotNull(future, "future");
    return new SendCallback<>() {
      @Override
      public void acked() {
        future.complete(null);
      }

      @Override
      public void failed(SendError<M> error) {
        future.completeExceptionally(new SendException(error));
      }
    };
  }
}
