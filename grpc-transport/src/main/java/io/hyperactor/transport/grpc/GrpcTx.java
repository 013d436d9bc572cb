package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.SendCallback;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The sending end of a simplex gRPC link: a {@link SenderEngine} whose calls a {@link ClientLink}
 * opens lazily, on the first message, and reopens after a break.
 *
 * <p>Thread-safe.
 */
final class GrpcTx<M> implements Tx<M> {
  private final ChannelAddr addr;
  // Stateless, so one instance serves every post(message).
  private final SendCallback<M> returnCallback;
  private final SenderEngine<M> engine;
  private final ClientLink link;

  GrpcTx(
      ChannelAddr addr,
      ChannelCodec<M> codec,
      Consumer<? super SendError<M>> returnHandler,
      ChannelSettings settings) {
    this.addr = checkNotNull(addr, "addr");
    this.returnCallback = SendCallback.of(checkNotNull(returnHandler, "returnHandler"));
    long sessionId = ClientLink.newSessionId();
    GrpcResources.Lease lease = GrpcResources.SHARED.acquire();
    try {
      this.link = new ClientLink(addr, false, sessionId, settings.maxFrameLength(), lease);
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
    this.engine =
        new SenderEngine<>(
            "session " + addr + "." + String.format("%016x", sessionId),
            "server",
            codec,
            settings,
            lease.executor(),
            lease.scheduler(),
            link);
    link.bind(engine, null, null);
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
    link.close("sender closed");
  }

  @Override
  public String toString() {
    return "GrpcTx[" + engine + "]";
  }
}
