package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.internal.channel.SendCallback;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link Tx} view of a {@link SenderEngine}: a simplex link, or a duplex link's sending side.
 * Closing it closes the whole link.
 *
 * <p>Thread-safe.
 */
final class EngineTx<M> implements Tx<M> {
  private final ChannelAddr addr;
  private final SenderEngine<M> engine;
  // Stateless, so one instance serves every post(message).
  private final SendCallback<M> returnCallback;
  private final Runnable closeLink;

  EngineTx(
      ChannelAddr addr,
      SenderEngine<M> engine,
      Consumer<? super SendError<M>> returnHandler,
      Runnable closeLink) {
    this.addr = checkNotNull(addr, "addr");
    this.engine = checkNotNull(engine, "engine");
    this.returnCallback = SendCallback.of(checkNotNull(returnHandler, "returnHandler"));
    this.closeLink = checkNotNull(closeLink, "closeLink");
  }

  @Override
  public ChannelAddr addr() {
    return addr;
  }

  @Override
  public void post(M message) {
    engine.post(message, returnCallback);
  }

  @Override
  public void post(M message, Consumer<? super SendError<M>> onUndeliverable) {
    engine.post(message, SendCallback.of(onUndeliverable));
  }

  @Override
  public void postAcked(M message, CompletableFuture<Void> acked) {
    engine.post(message, SendCallback.of(acked));
  }

  @Override
  public LinkStatus status() {
    return engine.status().get();
  }

  @Override
  public CompletableFuture<LinkStatus.Closed> whenClosed() {
    return engine.status().whenClosed();
  }

  @Override
  public void close() {
    closeLink.run();
  }

  @Override
  public String toString() {
    return "Tx[" + engine + "]";
  }
}
