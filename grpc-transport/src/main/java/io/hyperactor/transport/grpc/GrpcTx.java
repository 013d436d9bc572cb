package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.internal.channel.ChannelSettings;
import java.util.function.Consumer;

/**
 * Dials the sending end of a simplex gRPC link: a {@link SenderEngine} whose calls a {@link
 * ClientLink} opens lazily, on the first message, and reopens after a break.
 */
final class GrpcTx {
  private GrpcTx() {}

  /** A thread-safe {@link Tx} to {@code addr}; closing it closes the link. */
  static <M> Tx<M> dial(
      ChannelAddr addr,
      ChannelCodec<M> codec,
      Consumer<? super SendError<M>> returnHandler,
      ChannelSettings settings,
      LinkSecurity security) {
    checkNotNull(addr, "addr");
    checkNotNull(returnHandler, "returnHandler");
    long sessionId = ClientLink.newSessionId();
    GrpcResources.Lease lease = GrpcResources.SHARED.acquire();
    ClientLink link;
    try {
      link = new ClientLink(addr, false, sessionId, settings.maxFrameLength(), lease, security);
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
    SenderEngine<M> engine =
        new SenderEngine<>(
            "session " + addr + "." + String.format("%016x", sessionId),
            "server",
            codec,
            settings,
            lease.executor(),
            lease.scheduler(),
            link);
    link.bind(engine, null, null);
    return new EngineTx<>(addr, engine, returnHandler, () -> link.close("sender closed"));
  }
}
