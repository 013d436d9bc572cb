package io.hyperactor.it.cli;

import static com.google.common.base.Preconditions.checkState;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.it.mesh.MeshItActor;
import io.hyperactor.it.mesh.MeshItMains;
import io.hyperactor.runtime.HostMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A standalone host started with the command of {@code docs/deploying.md}, {@code bin/hyperactor
 * host --config FILE}, that knows the mesh test actor ({@code HYPERACTOR_CLASSPATH}, {@code
 * HYPERACTOR_HOST_CODECS} and {@code HYPERACTOR_HOST_PROC_MAIN_CLASS}, as an application deploying
 * its own actor types sets them). {@link #close} kills the host and every descendant still alive, so a failing test leaves
 * no process behind.
 */
final class CliHostProcess implements AutoCloseable {
  private final Process process;
  private final ChannelAddr addr;
  private final StringBuffer output;

  private CliHostProcess(Process process, ChannelAddr addr, StringBuffer output) {
    this.process = process;
    this.addr = addr;
    this.output = output;
  }

  /** The project root: the directory holding {@code bin/hyperactor}. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("bin/hyperactor"))) {
      dir = dir.getParent();
    }
    checkState(dir != null, "no bin/hyperactor above %s", Path.of("").toAbsolutePath());
    return dir;
  }

  /** Runs {@code bin/hyperactor host --config <config>} and waits until it serves. */
  static CliHostProcess start(Path config) throws Exception {
    Path root = root();
    checkState(
        Files.exists(root.resolve("cli/target/hyperactor-cli.jar")),
        "cli/target/hyperactor-cli.jar is missing: the cli module is packaged before the ITs run");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(root.resolve("bin/hyperactor").toString(), "host", "--config", config.toString()))
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("HYPERACTOR_CLASSPATH", testClasses().toString());
    builder.environment().put(HostMain.PROC_MAIN_CLASS_ENV, MeshItMains.Proc.class.getName());
    builder.environment().put("HYPERACTOR_HOST_CODECS", MeshItCodecs.class.getName());
    Process process = builder.start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<String> serving = new CompletableFuture<>();
    // Keeps reading after the address, so the host never blocks on a full pipe.
    Thread.ofPlatform()
        .daemon()
        .name("cli-host-output")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.append(line).append('\n');
                  if (line.startsWith(HostMain.SERVING_PREFIX)) {
                    serving.complete(line.substring(HostMain.SERVING_PREFIX.length()).trim());
                  }
                }
              } catch (IOException e) {
                // The process ended.
              }
              serving.complete(null);
            });
    try {
      String addr = serving.get(120, TimeUnit.SECONDS);
      checkState(addr != null, "host exited before serving; output:\n%s", output);
      return new CliHostProcess(process, ChannelAddr.parse(addr), output);
    } catch (Exception e) {
      killTree(process.toHandle());
      throw e;
    }
  }

  /** Where the test classes are: the application's classes the host's procs load. */
  private static Path testClasses() throws URISyntaxException {
    return Path.of(MeshItActor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** The address the host printed. */
  ChannelAddr addr() {
    return addr;
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  String output() {
    return output.toString();
  }

  /** Sends SIGTERM (what {@code kill} and Kubernetes send). */
  void terminate() {
    process.destroy();
  }

  /** Waits up to {@code seconds} for the host to exit; true when it did. */
  boolean awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  int exitValue() {
    return process.exitValue();
  }

  private static void killTree(ProcessHandle root) throws InterruptedException {
    List<ProcessHandle> all = root.descendants().toList();
    root.destroyForcibly();
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Best effort: the kill was sent.
      }
    }
    root.onExit().join();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive() || process.toHandle().descendants().findAny().isPresent()) {
      killTree(process.toHandle());
    }
  }
}
