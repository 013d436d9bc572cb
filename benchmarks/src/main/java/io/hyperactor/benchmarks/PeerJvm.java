package io.hyperactor.benchmarks;

import static com.google.common.base.Preconditions.checkState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer JVM started with this JVM's class path, for the two-process scenarios. The peer prints one
 * {@code READY <details>} line when it can be reached, and exits when its stdin closes, so a dead
 * benchmark never leaves it behind.
 */
public final class PeerJvm implements AutoCloseable {
  private final Process process;
  private final String readyDetails;

  private PeerJvm(Process process, String readyDetails) {
    this.process = process;
    this.readyDetails = readyDetails;
  }

  /** Starts {@code mainClass} with {@code args} and waits for its READY line. */
  public static PeerJvm start(Class<?> mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // To measure our remote rows with a peer that runs with other flags (e.g. a forked proc's
    // defaults); Pekko's peer keeps the plain command line, so its figures stay the reference.
    String extra = System.getProperty("bench.hyperactorPeerJvmArgs", "").trim();
    if (!extra.isEmpty() && mainClass.getPackageName().endsWith(".hyperactor")) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("READY") || line.startsWith("READY ")) {
        return new PeerJvm(process, line.substring("READY".length()).strip());
      }
    }
    process.destroyForcibly();
    throw new IOException("peer " + mainClass.getName() + " exited before it was ready (exit code "
        + waitQuietly(process) + ")");
  }

  /** What the peer printed after READY: typically the addresses to reach it at. */
  public String readyDetails() {
    return readyDetails;
  }

  /** Blocks the peer's main thread until stdin closes; call from the peer's main. */
  public static void awaitParentExit() throws IOException {
    while (System.in.read() >= 0) {
      // Nothing is sent on stdin; it only closes when the parent goes away.
    }
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    checkState(!process.isAlive(), "peer JVM %s did not exit", process.pid());
  }

  private static int waitQuietly(Process process) {
    try {
      return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
