package io.hyperactor.it.deploy;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static io.hyperactor.it.deploy.Manifests.clientContainer;
import static io.hyperactor.it.deploy.Manifests.configText;
import static io.hyperactor.it.deploy.Manifests.env;
import static io.hyperactor.it.deploy.Manifests.hostContainer;
import static io.hyperactor.it.deploy.Manifests.strings;

import io.hyperactor.runtime.HostMain;
import io.hyperactor.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests' host command and client Job, run as processes on this machine: the
 * StatefulSet's command with the ConfigMap's {@code host.conf} and the container's environment
 * serves a host over mutual TLS, and the Job's command with {@code client.conf} attaches to it,
 * spawns procs and workers, casts and exits 0; SIGTERM then stops the host with exit code 0 and
 * no child JVM left.
 *
 * <p>Only what a cluster provides is replaced: the mounted files' directory ({@code
 * /etc/hyperactor}) by a temporary one holding certificates made here for the two subjects the
 * configuration allows, the pods' DNS names by {@code localhost}, the image's {@code
 * /opt/hyperactor/lib} by the built jars, and the Service's port by a free one.
 */
class ManifestProcessesIT {
  private static final String MOUNTS = "/etc/hyperactor";
  private static final String SERVICE_PORT = "26600";

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theHostCommandServesAndTheClientJobRunsAgainstIt(@TempDir Path tmp) throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority("CN=hyperactor-test-ca");
    writeSecret(ca.issue("CN=hyperactor-host"), tmp.resolve("host/tls"));
    writeSecret(ca.issue("CN=hyperactor-client"), tmp.resolve("client/tls"));
    int port = freePort();

    // The StatefulSet's container, as the kubelet would start it.
    Path hostConf = mount(tmp.resolve("host"), "host.conf", port);
    List<String> hostCommand = new ArrayList<>(strings(hostContainer().get("command")));
    hostCommand.set(0, Manifests.ROOT.resolve("bin/" + hostCommand.get(0)).toString());
    hostCommand.set(hostCommand.indexOf("--config") + 1, hostConf.toString());
    ProcessBuilder host = new ProcessBuilder(hostCommand).redirectErrorStream(true);
    Map<String, String> hostEnv = host.environment();
    hostEnv.put("JAVA_HOME", System.getProperty("java.home"));
    hostEnv.put("HYPERACTOR_CLASSPATH", examplesJar().toString());
    hostEnv.put("HYPERACTOR_ADVERTISE_HOSTNAME", "localhost");
    for (String name :
        List.of("HYPERACTOR_HOST_CODECS", HostMain.PROC_MAIN_CLASS_ENV, "IO_HYPERACTOR_CHILD_MODULES")) {
      hostEnv.put(name, env(hostContainer(), name));
    }
    Process hostProcess = start(host);
    StringBuffer hostOutput = new StringBuffer();
    String served = readUntilServing(hostProcess, hostOutput).get(90, TimeUnit.SECONDS);
    assertWithMessage("host output:\n%s", hostOutput).that(served).isEqualTo("tls:localhost:" + port);

    // The Job's container.
    Path clientConf = mount(tmp.resolve("client"), "client.conf", port);
    List<String> clientCommand = new ArrayList<>(strings(clientContainer().get("command")));
    clientCommand.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    clientCommand.replaceAll(
        a ->
            a.equals("-Dconfig.file=" + MOUNTS + "/client.conf")
                ? "-Dconfig.file=" + clientConf
                : a.equals("/opt/hyperactor/lib/*") ? examplesJar().toString() : a);
    List<String> args = new ArrayList<>(strings(clientContainer().get("args")));
    args.set(args.indexOf("--hosts") + 1, served);
    clientCommand.addAll(args);
    ProcessBuilder client = new ProcessBuilder(clientCommand).redirectErrorStream(true);
    client.environment().put("HYPERACTOR_ADVERTISE_HOSTNAME", "localhost");
    Process clientProcess = start(client);
    StringBuffer clientOutput = new StringBuffer();
    CompletableFuture<String> clientEnded = readUntilServing(clientProcess, clientOutput);
    assertWithMessage("client output:\n%s\nhost output:\n%s", clientOutput, hostOutput)
        .that(clientProcess.waitFor(180, TimeUnit.SECONDS))
        .isTrue();
    clientEnded.get(30, TimeUnit.SECONDS);
    assertWithMessage("client output:\n%s\nhost output:\n%s", clientOutput, hostOutput)
        .that(clientProcess.exitValue())
        .isEqualTo(0);
    int procsPerHost = Integer.parseInt(args.get(args.indexOf("--procs-per-host") + 1));
    assertThat(clientOutput.toString()).contains(procsPerHost + " workers counted");
    assertThat(clientOutput.toString()).contains("the hosts keep running");

    // Kubernetes stops a pod with SIGTERM.
    List<ProcessHandle> children = hostProcess.descendants().toList();
    hostProcess.destroy();
    assertWithMessage("host output:\n%s", hostOutput)
        .that(hostProcess.waitFor(60, TimeUnit.SECONDS))
        .isTrue();
    assertWithMessage("host output:\n%s", hostOutput).that(hostProcess.exitValue()).isEqualTo(0);
    for (ProcessHandle child : children) {
      child.onExit().get(30, TimeUnit.SECONDS);
    }
    assertThat(hostProcess.descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
  }

  /** Writes {@code issued} as the files of a Kubernetes TLS Secret: tls.crt, tls.key, ca.crt. */
  private static void writeSecret(TestCertificates.Issued issued, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tls.crt"), issued.certificatePem());
    Files.writeString(dir.resolve("tls.key"), issued.keyPem());
    Files.writeString(dir.resolve("ca.crt"), issued.issuer().certificatePem());
  }

  /** The ConfigMap's {@code key}, as mounted into a pod whose mounts are under {@code pod}. */
  private static Path mount(Path pod, String key, int port) throws IOException {
    String text = configText(key).replace(MOUNTS, pod.toString()).replace(SERVICE_PORT, "" + port);
    Path file = pod.resolve(key);
    Files.writeString(file, text);
    return file;
  }

  private static Path examplesJar() {
    Path jar = Manifests.ROOT.resolve("examples/target/hyperactor-examples.jar");
    assertWithMessage("%s is built before the integration tests", jar)
        .that(Files.exists(jar))
        .isTrue();
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Process start(ProcessBuilder builder) throws IOException {
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /**
   * Copies {@code process}'s output into {@code output}; completes with the address after {@value
   * HostMain#SERVING_PREFIX} when the process prints one, or with null when its output ends.
   */
  private static CompletableFuture<String> readUntilServing(Process process, StringBuffer output) {
    CompletableFuture<String> serving = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("manifest-process-output")
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
    return serving;
  }
}
