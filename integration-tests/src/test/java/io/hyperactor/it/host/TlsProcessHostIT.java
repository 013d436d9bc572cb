package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.ClientInstance;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.it.host.HostItMessages.WhoAreYou;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import io.hyperactor.testing.TestCertificates;
import io.hyperactor.testkit.HyperactorTestKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A process host on {@code tls:} forks a proc that serves and dials over mutual TLS with the
 * host's certificate, which the host hands it although the TLS keys never propagate with the
 * configuration; the proc's agent accepts a privileged operation (a thread dump) from this JVM,
 * whose subject the host's allow-list, passed on too, names.
 */
class TlsProcessHostIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SUBJECT = "CN=hyperactor-host,O=hyperactor-it";
  private static final Path FILES = certificates();

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(HostItMessages::register)
          .config(
              c -> {
                c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
                c.set(HyperactorAttrs.DEFAULT_TRANSPORT, ChannelTransport.TLS);
                // Set at runtime, not in the environment: the child can only get them from the host.
                c.set(HyperactorAttrs.TLS_CERT, FILES.resolve("cert.pem").toString());
                c.set(HyperactorAttrs.TLS_KEY, FILES.resolve("key.pem").toString());
                c.set(HyperactorAttrs.TLS_CA, FILES.resolve("ca.pem").toString());
                c.set(HyperactorAttrs.TLS_ALLOWED_SUBJECTS, ImmutableList.of(SUBJECT));
              })
          .build();

  private static Path certificates() {
    try {
      Path dir = Files.createTempDirectory("tls-process-host-it");
      TestCertificates.authority("CN=hyperactor-it-ca").issue(SUBJECT).writeTo(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeCertificates() throws IOException {
    try (Stream<Path> files = Files.walk(FILES)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void forkedProcTalksOverTlsAndAuthorizesTheAllowedSubject() throws Exception {
    ActorSystem system = kit.system();
    Host<Object, ProcessProcConfig> host =
        system.processHost(
            ChannelAddr.any(ChannelTransport.TLS),
            ProcessProcManagerOptions.fromConfig(system.config())
                .withTransport(ChannelTransport.TLS)
                .withMainClass(EchoChildMain.class.getName())
                .withTailLines(50));
    host.serve();
    assertThat(host.addr().transport()).isEqualTo(ChannelTransport.TLS);
    HostedProc<Object> child = host.spawn("child", ProcessProcConfig.DEFAULT);
    assertThat(child.procId().addr().transport()).isEqualTo(ChannelTransport.TLS);

    ClientInstance client = kit.client();
    ActorRef<WhoAreYou> echo = ActorRef.attest(child.procId().actorId(EchoActor.NAME));
    ActorId who = echo.<ActorId>ask(client, WhoAreYou::new, TIMEOUT).get();
    assertThat(who.procId()).isEqualTo(child.procId());

    ThreadDumpResult dump = system.threadDump(client, child.procId()).get();
    assertThat(dump.error()).isNull();
    assertThat(dump.actorThread(child.agent().actorId())).isPresent();
  }
}
