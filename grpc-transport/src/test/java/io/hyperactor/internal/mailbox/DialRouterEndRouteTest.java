package io.hyperactor.internal.mailbox;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.DeliveryError;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.MailboxTestSupport.RecordingSender;
import io.hyperactor.transport.grpc.GrpcChannelProvider;
import org.junit.jupiter.api.Test;

/**
 * A router told that a proc ended returns what its link to that proc held unacknowledged at once,
 * with the reason it was given, and forgets the route.
 */
class DialRouterEndRouteTest {
  private static final EnvelopeCodec CODEC = new EnvelopeCodec(CodecRegistry.builtins());

  @Test
  void endingAProcsRouteReturnsWhatItsLinkHeldWithTheReason() throws Exception {
    Channels channels = Channels.of(new GrpcChannelProvider(HyperactorConfig.defaultsOnly()));
    RecordingSender returns = new RecordingSender();
    // A receiver that takes nothing, as a proc that stopped: what reaches it is never acknowledged.
    try (Rx<MessageEnvelope> stalled = channels.serve(ChannelAddr.any(ChannelTransport.UNIX), CODEC);
        DialMailboxRouter router = new DialMailboxRouter(CODEC, channels)) {
      router.setReturnPath(returns);
      ProcId victim = new ProcId(ChannelAddr.any(ChannelTransport.UNIX), "victim");
      ActorId sender = new ProcId(ChannelAddr.any(ChannelTransport.UNIX), "client").actorId("a");
      router.bind(victim, stalled.addr());
      PortId dest = victim.actorId("echo").portId(PortId.HANDLER_INDEX);
      router.post(MessageEnvelope.of(sender, dest, "held", SeqInfo.DIRECT, 64));

      String reason = "proc " + victim + " has ended: Killed(sig=9)";
      router.endRoute(victim, reason);

      Undeliverable back = null;
      while (back == null) {
        MessageEnvelope posted = returns.next();
        if (posted.payload() instanceof Undeliverable u) {
          back = u;
        }
      }
      assertThat(back.envelope().payload()).isEqualTo("held");
      assertThat(back.envelope().dest()).isEqualTo(dest);
      assertThat(back.error().kind()).isEqualTo(DeliveryError.Kind.BROKEN_LINK);
      assertThat(back.error().message()).startsWith(reason);
      assertThat(back.error().message()).contains("not acknowledged");
      assertThat(router.cachedClient(stalled.addr())).isNull();
      assertThat(router.lookupAddr(victim.actorId("echo"))).isEqualTo(victim.addr());
    }
  }
}
