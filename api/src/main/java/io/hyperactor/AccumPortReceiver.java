package io.hyperactor;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The receiving end of an accumulating port: senders send updates of type {@code U}, the port folds
 * each into its state with its {@link io.hyperactor.mesh.accum.Accumulator}, and the receiver reads
 * states of type {@code S}.
 *
 * <p>The receiver coalesces: a receive returns the latest state, and states that were replaced
 * before they were read are skipped. A receive after no new update waits. Used by one consumer
 * thread; senders are any threads.
 *
 * <pre>{@code
 * AccumPortReceiver<Long, Long> max = cx.openAccumPort(Accumulators.max());
 * max.handle().send(3L);
 * max.handle().send(7L);
 * max.recv(Duration.ofSeconds(1));   // 7
 * }</pre>
 *
 * @param <U> the updates the port accepts
 * @param <S> the accumulated state
 */
public interface AccumPortReceiver<U, S> extends AutoCloseable {

  /**
   * The handle senders use; its {@link PortHandle#bind() reference} names the accumulator's
   * reducer, so the port can be split when it is cast.
   */
  PortHandle<U> handle();

  /**
   * Waits for a state newer than the last one received, and returns the latest.
   *
   * @throws TimeoutException when no update arrives within {@code timeout}
   */
  S recv(Duration timeout) throws InterruptedException, TimeoutException;

  /** The latest state if there was an update since the last receive, else null. */
  @Nullable S tryRecv();

  /** Closes the port: later sends fail and it is removed from the mailbox. */
  @Override
  void close();
}
