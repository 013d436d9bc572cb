package io.hyperactor.transport.grpc;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.DeliveryQueue;
import java.util.function.Consumer;

/**
 * The dialing side of a duplex link: one session whose calls carry this side's messages and the
 * acceptor's, with a {@link ClientLink} that connects at once and reconnects after a break.
 *
 * <p>Thread-safe.
 */
final class GrpcDuplexClient<I, O> implements DuplexLink<I, O> {
  private final ClientLink link;
  private final EngineTx<O> tx;
  private final QueueRx<I> rx;

  GrpcDuplexClient(
      ChannelAddr addr,
      ChannelCodec<O> outCodec,
      ChannelCodec<I> inCodec,
      Consumer<? super SendError<O>> returnHandler,
      ChannelSettings settings,
      LinkSecurity security) {
    long sessionId = ClientLink.newSessionId();
    String name = "duplex session " + addr + "." + String.format("%016x", sessionId);
    GrpcResources.Lease lease = GrpcResources.SHARED.acquire();
    try {
      this.link = new ClientLink(addr, true, sessionId, settings.maxFrameLength(), lease, security);
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
    DeliveryQueue<I> inbound = new DeliveryQueue<>(name, GrpcRx.QUEUE_CAPACITY);
    SenderEngine<O> engine =
        new SenderEngine<>(
            name, "server", outCodec, settings, lease.executor(), lease.scheduler(), link);
    ReceiverSession<I> receiver =
        new ReceiverSession<>(
            sessionId,
            name,
            inCodec,
            inbound,
            settings,
            lease.scheduler(),
            ended -> {
              // A graceful close ends the receiver first and then waits for the acceptor's answer.
              if (!link.isClosing()) {
                lease
                    .executor()
                    .execute(
                        () ->
                            engine.terminate(ChannelException.Kind.CLOSED, "duplex session ended"));
              }
            });
    link.bind(engine, receiver, inbound);
    this.tx = new EngineTx<>(addr, engine, returnHandler, this::close);
    this.rx = new QueueRx<>(addr, inbound, this::close);
    link.connectNow();
  }

  @Override
  public Tx<O> tx() {
    return tx;
  }

  @Override
  public Rx<I> rx() {
    return rx;
  }

  @Override
  public void close() {
    link.close("link closed");
  }

  @Override
  public String toString() {
    return "GrpcDuplexClient[" + tx + "]";
  }
}
