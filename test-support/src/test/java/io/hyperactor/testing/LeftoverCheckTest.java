package io.hyperactor.testing;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small sample classes through the JUnit engine, with the check auto-detected as in the
 * build, and looks at how their class containers end.
 */
class LeftoverCheckTest {
  /** Configuration parameter that lets the samples run; they are skipped anywhere else. */
  static final String SAMPLE_PARAMETER = "hyperactor.leftovers.sample";

  private static Events run(Class<?> sample, long graceMillis) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(sample))
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .configurationParameter(LeftoverCheck.GRACE_PARAMETER, Long.toString(graceMillis))
        .configurationParameter(SAMPLE_PARAMETER, "true")
        .execute()
        .containerEvents();
  }

  /** The failure message of the sample class's container, or empty when it succeeded. */
  private static Optional<String> failureOf(Class<?> sample, long graceMillis) {
    Events events = run(sample, graceMillis);
    assertThat(events.finished().count()).isEqualTo(2); // the engine and the class
    return events.failed().stream()
        .map(Event::getPayload)
        .flatMap(Optional::stream)
        .map(p -> ((org.junit.platform.engine.TestExecutionResult) p).getThrowable())
        .flatMap(Optional::stream)
        .map(Throwable::getMessage)
        .findFirst();
  }

  @Test
  void aClassThatCleansUpPasses() {
    assertThat(failureOf(CleanSample.class, 300)).isEmpty();
  }

  @Test
  void aLeftoverProcessFailsTheClassAndIsKilled() {
    Optional<String> failure = failureOf(ProcessSample.class, 300);
    assertThat(failure).isPresent();
    assertThat(failure.get()).contains(ProcessSample.class.getName() + " left these behind");
    assertThat(failure.get()).contains("(the processes are now killed)");
    assertThat(failure.get()).containsMatch("process \\d+: \\S*sleep 600");
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep 600"))
                .filter(ProcessHandle::isAlive)
                .toList())
        .isEmpty();
  }

  @Test
  void aLeftoverNonDaemonThreadFailsTheClass() {
    Optional<String> failure = failureOf(ThreadSample.class, 300);
    assertThat(failure).isPresent();
    assertThat(failure.get()).contains("thread \"sample-worker\" (not a daemon");
  }

  @Test
  void aLeftoverRuntimeDaemonThreadFailsTheClassButOtherDaemonsDoNot() {
    Optional<String> failure = failureOf(DaemonThreadSample.class, 300);
    assertThat(failure).isPresent();
    assertThat(failure.get()).contains("thread \"hyperactor-sample\" (daemon");
    assertThat(failure.get()).doesNotContain("library-daemon");
  }

  @Test
  void aLeftoverListeningPortFailsTheClass() {
    Optional<String> failure = failureOf(PortSample.class, 300);
    assertThat(failure).isPresent();
    assertThat(failure.get()).containsMatch("listening TCP socket 127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void aSocketFileLeftAfterItsSocketClosedFailsTheClass() {
    Optional<String> failure = failureOf(SocketFileSample.class, 300);
    assertThat(failure).isPresent();
    assertThat(failure.get()).containsMatch("socket file \\S+/sample\\.sock, whose socket is closed");
  }

  @Test
  void whatEndsWithinTheGracePeriodIsNoLeftover() {
    assertThat(failureOf(SlowCleanupSample.class, 30_000)).isEmpty();
  }

  // ------------------------------------------------------------------------ samples

  /** Runs the samples only under {@link #run}. */
  static final class OnlyUnderTheTestKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(SAMPLE_PARAMETER).isPresent()
          ? ConditionEvaluationResult.enabled("run by LeftoverCheckTest")
          : ConditionEvaluationResult.disabled("a sample for LeftoverCheckTest");
    }
  }

  /**
   * What a sample leaves open, closed when the engine run ends: after the check, so the check
   * sees the leftovers, and before the outer test's own check.
   */
  // close() throws Exception because the resources it closes do; none throws InterruptedException.
  @SuppressWarnings("try")
  static final class Leaks implements AutoCloseable {
    private final List<AutoCloseable> opened = new ArrayList<>();

    synchronized <T extends AutoCloseable> T keep(T resource) {
      opened.add(resource);
      return resource;
    }

    @Override
    public synchronized void close() throws Exception {
      for (AutoCloseable resource : opened.reversed()) {
        resource.close();
      }
      opened.clear();
    }
  }

  /** Hands each sample the {@link Leaks} of the engine run. */
  static final class LeaksResolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Leaks.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(LeaksResolver.class))
          .getOrComputeIfAbsent(Leaks.class, k -> new Leaks(), Leaks.class);
    }
  }

  private static AutoCloseable stopping(Thread thread) {
    return () -> {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  private static Thread sleeper(String name, boolean daemon) {
    return Thread.ofPlatform()
        .name(name)
        .daemon(daemon)
        .start(
            () -> {
              try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(10));
              } catch (InterruptedException e) {
                // stopped
              }
            });
  }

  @ExtendWith(OnlyUnderTheTestKit.class)
  static final class CleanSample {
    @Test
    void opensAndClosesEverything() throws Exception {
      Thread thread = sleeper("sample-worker", false);
      stopping(thread).close();
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isGreaterThan(0);
      }
      Process process = new ProcessBuilder("true").start();
      assertThat(process.waitFor()).isEqualTo(0);
    }
  }

  @ExtendWith(OnlyUnderTheTestKit.class)
  static final class ProcessSample {
    @Test
    void startsASleeper() throws IOException {
      new ProcessBuilder("sleep", "600").start();
    }
  }

  @ExtendWith({OnlyUnderTheTestKit.class, LeaksResolver.class})
  static final class ThreadSample {
    @Test
    void startsAWorker(Leaks leaks) {
      leaks.keep(stopping(sleeper("sample-worker", false)));
    }
  }

  @ExtendWith({OnlyUnderTheTestKit.class, LeaksResolver.class})
  static final class DaemonThreadSample {
    @Test
    void startsTwoDaemons(Leaks leaks) {
      leaks.keep(stopping(sleeper("hyperactor-sample", true)));
      leaks.keep(stopping(sleeper("library-daemon", true)));
    }
  }

  @ExtendWith({OnlyUnderTheTestKit.class, LeaksResolver.class})
  static final class PortSample {
    @Test
    void listens(Leaks leaks) throws IOException {
      leaks.keep(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }
  }

  @ExtendWith({OnlyUnderTheTestKit.class, LeaksResolver.class})
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static final class SocketFileSample {
    private ServerSocketChannel server;
    private Path file;

    @Test
    @Order(1)
    void listensOnAFile(Leaks leaks) throws IOException {
      Path dir = Files.createTempDirectory("leftover-sample");
      file = dir.resolve("sample.sock");
      leaks.keep(() -> Files.delete(dir));
      leaks.keep(() -> Files.deleteIfExists(file));
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(file));
    }

    @Test
    @Order(2)
    void closesTheSocketButNotTheFile() throws IOException {
      server.close();
      assertThat(Files.exists(file)).isTrue();
    }
  }

  @ExtendWith(OnlyUnderTheTestKit.class)
  static final class SlowCleanupSample {
    @Test
    void leavesThingsThatEndSoon() throws IOException {
      // Ends on its own about half a second after the class; the grace period covers it.
      new ProcessBuilder("sleep", "0.5").start();
      Thread.ofPlatform()
          .name("sample-closing")
          .start(
              () -> {
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  // stopped
                }
              });
    }
  }
}
