package io.hyperactor.runtime;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proc bound to the wildcard and advertising a configured hostname carries the advertised address
 * in its id, and a proc of another actor system reaches it there.
 */
class AdvertisedProcAddressTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Asks for the name of the proc the actor runs on. */
  record WhereAreYou(OncePortRef<String> reply) {}

  static final class Answerer implements Actor<WhereAreYou> {
    @Override
    public void handle(Context<WhereAreYou> cx, WhereAreYou message) {
      message.reply().send(cx, cx.selfId().procId().name());
    }
  }

  private static ActorSystem system(String name, HyperactorConfig config) {
    return ActorSystem.builder()
        .name(name)
        .config(config)
        .codecs(c -> c.record("test.advertised.WhereAreYou", WhereAreYou.class))
        .build();
  }

  private final HyperactorConfig servedConfig = HyperactorConfig.defaultsOnly();
  private ActorSystem served;
  private final ActorSystem caller = system("caller", HyperactorConfig.defaultsOnly());

  @AfterEach
  void close() {
    if (served != null) {
      served.close();
    }
    caller.close();
  }

  private static boolean accepts(InetAddress ip, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(ip, port), 10_000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  @Test
  void procBoundToTheWildcardIsReachableByItsAdvertisedName() throws Exception {
    servedConfig.set(HyperactorAttrs.REMOTE_ALLOC_BIND_TO_INADDR_ANY, true);
    servedConfig.set(HyperactorAttrs.ADVERTISE_HOSTNAME, Optional.of("localhost"));
    served = system("served", servedConfig);
    Proc proc = served.directProc(ChannelAddr.any(ChannelTransport.TCP), "advertised");

    InetSocketAddress advertised = ((ChannelAddr.Tcp) proc.procId().addr()).address();
    assertThat(advertised.getAddress()).isEqualTo(InetAddress.getByName("localhost"));
    // Bound to the wildcard: another loopback address of this machine reaches the port too.
    assertThat(accepts(InetAddress.getByName("127.0.0.2"), advertised.getPort())).isTrue();

    ActorHandle<WhereAreYou> answerer = proc.spawn("answerer", new Answerer());
    ActorRef<WhereAreYou> ref = ActorRef.attest(answerer.actorId());
    String where = ref.<String>ask(caller.client(), WhereAreYou::new, TIMEOUT).get();
    assertThat(where).isEqualTo("advertised");
  }

  @Test
  void procOnAnExplicitWildcardAdvertisesTheConfiguredName() throws Exception {
    servedConfig.set(HyperactorAttrs.ADVERTISE_HOSTNAME, Optional.of("127.0.0.1"));
    served = system("served", servedConfig);
    Proc proc = served.directProc(ChannelAddr.parse("tcp:0.0.0.0:0"), "wildcard");
    assertThat(proc.procId().addr().toString()).startsWith("tcp:127.0.0.1:");

    ActorHandle<WhereAreYou> answerer = proc.spawn("answerer", new Answerer());
    String where =
        ActorRef.attest(answerer.actorId())
            .<String>ask(caller.client(), WhereAreYou::new, TIMEOUT)
            .get();
    assertThat(where).isEqualTo("wildcard");
  }
}
