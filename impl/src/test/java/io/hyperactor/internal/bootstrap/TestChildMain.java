package io.hyperactor.internal.bootstrap;

import java.util.concurrent.CountDownLatch;

/**
 * A stand-in child for the process manager tests, chosen by {@value #MODE_ENV}: {@code exit3}
 * writes three stderr lines and exits with 3; {@code sleep} watches its parent like a real child
 * and never calls back; {@code ignore-term} does the same and also survives SIGTERM; {@code chatty}
 * writes two lines to each of stdout and stderr, alternating, then sleeps as {@code sleep} does.
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
      case "chatty" -> {
        System.out.println("out-1");
        System.err.println("err-1");
        System.out.println("out-2");
        System.err.println("err-2");
        watchAndSleep();
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
