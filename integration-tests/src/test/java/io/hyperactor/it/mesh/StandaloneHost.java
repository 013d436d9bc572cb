package io.hyperactor.it.mesh;

import static com.google.common.base.Preconditions.checkState;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.runtime.HostMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A host JVM started by hand, as an operator or a cluster manager would: {@link
 * MeshItMains.Host} serving standalone at an address of its own. {@link #close} waits for it to
 * exit (a client's shutdown ends it) and kills it if it does not, so a test that closes it leaves
 * no process behind.
 */
final class StandaloneHost implements AutoCloseable {
  private final Process process;
  private final ChannelAddr addr;
  private final StringBuffer output;

  private StandaloneHost(Process process, ChannelAddr addr, StringBuffer output) {
    this.process = process;
    this.addr = addr;
    this.output = output;
  }

  /** Starts a host whose procs run {@code procMain}, and waits until it serves. */
  static StandaloneHost start(Class<?> procMain) throws Exception {
    return start(List.of(), procMain, List.of("tcp:127.0.0.1:0"), Map.of());
  }

  /**
   * Starts a host whose procs run {@code procMain} under the command {@code prefix} (such as
   * {@code ip netns exec NS}, which runs it in a network namespace), with {@code env} added to its
   * environment (its configuration: {@code HYPERACTOR_HOST_ADDR} says where it serves), and waits
   * until it serves.
   */
  static StandaloneHost start(List<String> prefix, Class<?> procMain, Map<String, String> env)
      throws Exception {
    return start(prefix, procMain, List.of(), env);
  }

  private static StandaloneHost start(
      List<String> prefix, Class<?> procMain, List<String> args, Map<String, String> env)
      throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      command.add("-Dlogback.configurationFile=" + logback);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MeshItMains.Host.class.getName());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(Map.of(HostMain.PROC_MAIN_CLASS_ENV, procMain.getName()));
    builder.environment().putAll(env);
    Process process = builder.start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<String> serving = new CompletableFuture<>();
    // Keeps reading after the address, so the host never blocks on a full pipe.
    Thread.ofPlatform()
        .daemon()
        .name("standalone-host-output")
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
      String addr = serving.get(90, TimeUnit.SECONDS);
      checkState(addr != null, "host exited before serving; output:\n%s", output);
      return new StandaloneHost(process, ChannelAddr.parse(addr), output);
    } catch (Exception e) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  ChannelAddr addr() {
    return addr;
  }

  /** Waits up to {@code seconds} for the host to exit; true when it did. */
  boolean awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  int exitValue() {
    return process.exitValue();
  }

  String output() {
    return output.toString();
  }

  @Override
  public void close() throws Exception {
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
