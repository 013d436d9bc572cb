package io.hyperactor.internal.bootstrap;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.agent.ProcAgentCodecs;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.mailbox.CodecRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pool member's rehearsal of a proc's boot, over the gRPC transports: run to the end over those that have a boot
 * of their own, on services it closes, with no thread of them left behind and no way to end the
 * process.
 */
class PoolRehearsalTest {
  private static final String NAME = "pool-rehearsal-test";

  @ParameterizedTest
  @EnumSource(
      value = ChannelTransport.class,
      names = {"UNIX", "TCP", "TLS"})
  void rehearsesAProcsBootAndClosesItsSystem(ChannelTransport transport) throws Exception {
    boolean rehearsed =
        PoolRehearsal.run(
            transport,
            () -> {
              // The services' exit hook fails the test if any step asks to end the process.
              return new RuntimeServices(
                      NAME,
                      HyperactorConfig.defaultsOnly(),
                      ProcAgentCodecs.register(CodecRegistry.builder()).build(),
                      new SpawnableRegistry(),
                      TestServices.NO_EXIT,
                      null);
            });

    assertThat(rehearsed).isTrue();
    // Closed: the dispatcher and scheduler threads the services started are gone.
    awaitNoThreadsOf(NAME);
  }

  @Test
  void theLocalTransportHasNothingToRehearse() {
    boolean rehearsed =
        PoolRehearsal.run(
            ChannelTransport.LOCAL,
            () -> {
              throw new AssertionError("no system is built for the local transport");
            });

    assertThat(rehearsed).isFalse();
  }

  @Test
  void aRehearsalThatFailsIsReportedNotThrown() {
    boolean rehearsed =
        PoolRehearsal.run(
            ChannelTransport.UNIX,
            () -> {
              throw new IllegalStateException("no system today");
            });

    assertThat(rehearsed).isFalse();
  }

  /** Waits (bounded) until the threads named after the services have ended. */
  private static void awaitNoThreadsOf(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> left = threadsOf(name);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      left = threadsOf(name);
    }
    assertThat(left).isEmpty();
  }

  private static List<String> threadsOf(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(threadName -> threadName.contains(name))
        .toList();
  }
}
