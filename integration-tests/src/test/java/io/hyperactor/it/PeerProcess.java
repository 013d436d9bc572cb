package io.hyperactor.it;

import static com.google.common.base.Preconditions.checkState;

import io.hyperactor.id.ProcId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A forked {@link PeerMain} JVM. {@link #close} closes its standard input, waits for it to exit and
 * kills it if it does not, so a test that closes it leaves no process behind.
 */
final class PeerProcess implements AutoCloseable {
  private final Process process;
  private final ProcId procId;
  private final StringBuffer stderr;
  private final Thread stderrPump;

  private PeerProcess(Process process, ProcId procId, StringBuffer stderr, Thread stderrPump) {
    this.process = process;
    this.procId = procId;
    this.stderr = stderr;
    this.stderrPump = stderrPump;
  }

  /** Starts a peer with extra environment variables and waits until it serves. */
  static PeerProcess start(Map<String, String> env) throws Exception {
    return start(PeerMain.class, env);
  }

  /**
   * Starts {@code main} (which prints {@code READY <proc id>} once it serves) with extra
   * environment variables and waits until it serves.
   */
  static PeerProcess start(Class<?> main, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      command.add("-Dlogback.configurationFile=" + logback);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder.start();
    StringBuffer err = new StringBuffer();
    Thread pump =
        Thread.ofPlatform()
            .daemon()
            .name("peer-stderr")
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      err.append(line).append('\n');
                    }
                  } catch (IOException e) {
                    // The process ended.
                  }
                });
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ready =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String line;
                  while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                      return line.substring("READY ".length());
                    }
                  }
                  return null;
                } catch (IOException e) {
                  return null;
                }
              });
      String id = ready.get(60, TimeUnit.SECONDS);
      checkState(id != null, "peer exited before serving; stderr:\n%s", err);
      return new PeerProcess(process, ProcId.parse(id), err, pump);
    } catch (Exception e) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  ProcId procId() {
    return procId;
  }

  /** The peer's operating-system process id. */
  long pid() {
    return process.pid();
  }

  /** Whether the peer process is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the peer has logged so far. */
  String stderr() {
    return stderr.toString();
  }

  /** Kills the peer at once, as a crash would, and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already gone.
    }
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    stderrPump.join(Duration.ofSeconds(10));
  }
}
