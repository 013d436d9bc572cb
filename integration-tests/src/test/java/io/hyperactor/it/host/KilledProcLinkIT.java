package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import io.hyperactor.ClientInstance;
import io.hyperactor.DeliveryError;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.it.host.HostItMessages.EchoMsg;
import io.hyperactor.it.host.HostItMessages.WhoAreYou;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message a host has already sent on to one of its child JVMs, which is killed before it
 * acknowledges it, comes back to its sender as soon as the host sees the child's end, naming it:
 * not after the link's delivery timeout, nor only when the host closes.
 */
class KilledProcLinkIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(HostItMessages::register)
          .config(
              c -> {
                c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
                // Far beyond the test's bound: a return that waited for it would fail the test.
                c.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofMinutes(10));
              })
          .build();

  @Test
  void aMessageOnTheLinkToAKilledChildComesBackAtOnceNamingItsEnd() throws Exception {
    ProcessProcManagerOptions options =
        ProcessProcManagerOptions.fromConfig(kit.system().config())
            .withTransport(ChannelTransport.UNIX)
            .withMainClass(EchoChildMain.class.getName())
            .withTailLines(50);
    Host<Object, ProcessProcConfig> host =
        kit.system().processHost(ChannelAddr.any(ChannelTransport.UNIX), options);
    host.serve();
    HostedProc<Object> victim = host.spawn("victim", ProcessProcConfig.DEFAULT);
    HostedProc<Object> witness = host.spawn("witness", ProcessProcConfig.DEFAULT);
    ProcHandle<Object> handle = host.manager().handle(victim.procId()).orElseThrow();
    long pid = handle.pid().orElseThrow();
    ActorRef<EchoMsg> echo = echoOf(victim);

    ClientInstance client =
        kit.system().directProc(ChannelAddr.any(ChannelTransport.UNIX), "client").instance("client");
    PortReceiver<Undeliverable> returned = client.undeliverables();
    // The host's link to the victim is up and acknowledges what the victim takes.
    assertThat(ask(client, echo)).isEqualTo(echo.actorId());

    signal(pid, "STOP");
    OncePortReceiver<ActorId> neverAnswered = client.openOncePort();
    OncePortRef<ActorId> replyTo = neverAnswered.handle().bind();
    echo.send(client, new WhoAreYou(replyTo));
    // The host's frontend posts what one sender sends it in order, each on its way before the
    // next: once the witness answers, the message above is on the host's link to the victim,
    // which cannot acknowledge it.
    assertThat(ask(client, echoOf(witness))).isEqualTo(echoOf(witness).actorId());

    signal(pid, "KILL");
    assertThat(handle.waitForExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo(new ProcStatus.Killed(9, false));

    // The first ask may come back too: the victim answered it, but was stopped before its
    // acknowledgement (sent every message_ack_time_interval) left, so the link cannot tell it
    // from a message that never arrived.
    Undeliverable back;
    do {
      back = returned.recv(TIMEOUT);
      assertThat(back.envelope().dest().actorId()).isEqualTo(echo.actorId());
      assertThat(back.envelope().payload()).isInstanceOf(WhoAreYou.class);
      assertThat(back.error().kind()).isEqualTo(DeliveryError.Kind.BROKEN_LINK);
      assertThat(back.error().message())
          .contains("proc " + victim.procId() + " has ended: Killed(sig=9)");
      assertThat(back.error().message()).contains("not acknowledged");
    } while (!((WhoAreYou) back.envelope().payload()).reply().portId().equals(replyTo.portId()));
  }

  private static ActorRef<EchoMsg> echoOf(HostedProc<?> proc) {
    return ActorRef.attest(proc.procId().actorId(EchoActor.NAME));
  }

  private static ActorId ask(ClientInstance client, ActorRef<EchoMsg> echo) throws Exception {
    return echo.<ActorId>ask(client, WhoAreYou::new, TIMEOUT).get();
  }

  private static void signal(long pid, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    assertWithMessage("kill -%s %s", signal, pid)
        .that(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
        .isTrue();
  }
}
