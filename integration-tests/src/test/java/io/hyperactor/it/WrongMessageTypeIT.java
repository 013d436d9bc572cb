package io.hyperactor.it;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.ClientInstance;
import io.hyperactor.DeliveryError;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.it.BoundaryMessages.Foreign;
import io.hyperactor.it.BoundaryMessages.Item;
import io.hyperactor.it.BoundaryMessages.Recorded;
import io.hyperactor.it.BoundaryMessages.RecorderMsg;
import io.hyperactor.it.BoundaryMessages.Report;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registered message of another protocol, sent from another JVM to a root actor of a proc with
 * no supervision coordinator, comes back to its sender as {@code WRONG_TYPE}; the actor never sees
 * it, keeps working, and the proc (which a failing root would end) stays up.
 */
class WrongMessageTypeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private PeerProcess peer;
  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder().codecs(BoundaryMessages::register).build();

  private Proc proc;

  @AfterEach
  void tearDown() throws Exception {
    if (peer != null) {
      peer.close();
    }
  }

  private static Recorded report(ClientInstance client, ActorRef<RecorderMsg> recorder)
      throws Exception {
    OncePortReceiver<Recorded> reply = client.openOncePort(Recorded.class);
    recorder.send(client, new Report(reply.handle().bind()));
    return reply.recv(TIMEOUT);
  }

  @Test
  void aMessageOfAnotherProtocolComesBackAndTheRootActorKeepsWorking() throws Exception {
    peer = PeerProcess.start(BoundaryPeerMain.class, ImmutableMap.of());
    proc = kit.system().directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "sender");
    ActorRef<RecorderMsg> recorder = ActorRef.attest(peer.procId().actorId("recorder"));
    ActorRef<Object> raw = ActorRef.attest(recorder.actorId());
    try (ClientInstance client = proc.instance("client")) {
      PortReceiver<Undeliverable> returned = client.undeliverables();
      recorder.send(client, new Item(1));
      raw.send(client, new Foreign("not for a recorder"));
      recorder.send(client, new Item(2));

      Undeliverable u = returned.recv(TIMEOUT);
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.WRONG_TYPE);
      assertThat(u.error().message())
          .isEqualTo(
              "actor "
                  + recorder.actorId()
                  + " accepts "
                  + RecorderMsg.class.getName()
                  + ", got "
                  + Foreign.class.getName());
      assertThat(u.envelope().payload()).isEqualTo(new Foreign("not for a recorder"));

      // The refused message held nothing back, and the actor is still at work.
      assertThat(report(client, recorder).items()).containsExactly(1L, 2L).inOrder();
      recorder.send(client, new Item(3));
      assertThat(report(client, recorder).items()).containsExactly(1L, 2L, 3L).inOrder();
      assertThat(peer.isAlive()).isTrue();
      // The peer logged the refusal once, naming the sender.
      assertThat(peer.stderr())
          .contains("refusing a " + Foreign.class.getName() + " from " + client.selfId());
      assertThat(returned.tryRecv()).isNull();
    }
  }
}
