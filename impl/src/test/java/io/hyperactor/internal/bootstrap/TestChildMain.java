package io.hyperactor.internal.bootstrap;

import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.TestServices;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in child for the process manager tests, chosen by {@value #MODE_ENV}: {@code exit3}
 * writes three stderr lines and exits with 3; {@code sleep} watches its parent like a real child
 * and never calls back; {@code ignore-term} does the same and also survives SIGTERM; {@code chatty}
 * writes two lines to each of stdout and stderr, alternating, then sleeps as {@code sleep} does;
 * {@code pooled} takes the first step of a real child ({@link BootstrapMain#start}, which waits for
 * the assignment in a pool member), writes {@code proc <id> pooled=<was a pool member>
 * ready_timeout=<host_spawn_ready_timeout of its configuration>}, and sleeps until stopped or
 * orphaned; {@code unpoolable} does the same as a main class that built its actor system before
 * that step, writing {@code unpoolable child running as <id>}.
 */
public final class TestChildMain {
  public static final String MODE_ENV = "TEST_CHILD_MODE";

  private TestChildMain() {}

  public static void main(String[] args) throws Exception {
    String mode = System.getenv().getOrDefault(MODE_ENV, "sleep");
    switch (mode) {
      case "exit3" -> {
        System.err.println("one");
        System.err.println("two");
        System.err.println("three");
        System.exit(3);
      }
      case "sleep" -> watchAndSleep();
      case "pooled" -> {
        boolean member = System.getenv().containsKey(BootstrapProtocol.POOL_MEMBER_ENV);
        BootstrapMain.Start start =
            BootstrapMain.start(() -> TestServices.create(HyperactorConfig.defaultsOnly()));
        System.out.println(
            "proc "
                + start.env().get(BootstrapProtocol.PROC_ID_ENV)
                + " pooled="
                + member
                + " ready_timeout="
                + HyperactorConfig.global().get(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT));
        new CountDownLatch(1).await();
      }
      case "chatty" -> {
        System.out.println("out-1");
        System.err.println("err-1");
        System.out.println("out-2");
        System.err.println("err-2");
        watchAndSleep();
      }
      case "unpoolable" -> {
        BootstrapMain.Start start = BootstrapMain.startWithBuiltSystem();
        System.out.println(
            "unpoolable child running as " + start.env().get(BootstrapProtocol.PROC_ID_ENV));
        new CountDownLatch(1).await();
      }
      case "ignore-term" -> {
        // A shutdown hook that never returns keeps the JVM alive through SIGTERM.
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        new CountDownLatch(1).await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
        watchAndSleep();
      }
      default -> {
        System.err.println("unknown " + MODE_ENV + " '" + mode + "'");
        System.exit(64);
      }
    }
  }

  private static void watchAndSleep() throws InterruptedException {
    ParentWatcher.start(
        System.in,
        reason -> System.err.println("ignoring stop: " + reason),
        code -> Runtime.getRuntime().halt(code));
    System.out.println("sleeping");
    new CountDownLatch(1).await();
  }
}
