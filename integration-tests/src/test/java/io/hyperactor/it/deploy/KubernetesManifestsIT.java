package io.hyperactor.it.deploy;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static io.hyperactor.it.deploy.Manifests.clientContainer;
import static io.hyperactor.it.deploy.Manifests.configText;
import static io.hyperactor.it.deploy.Manifests.containers;
import static io.hyperactor.it.deploy.Manifests.documents;
import static io.hyperactor.it.deploy.Manifests.env;
import static io.hyperactor.it.deploy.Manifests.fieldRef;
import static io.hyperactor.it.deploy.Manifests.hostContainer;
import static io.hyperactor.it.deploy.Manifests.hostPodSpec;
import static io.hyperactor.it.deploy.Manifests.jobPodSpec;
import static io.hyperactor.it.deploy.Manifests.list;
import static io.hyperactor.it.deploy.Manifests.map;
import static io.hyperactor.it.deploy.Manifests.name;
import static io.hyperactor.it.deploy.Manifests.object;
import static io.hyperactor.it.deploy.Manifests.strings;

import com.google.common.collect.ImmutableList;
import com.google.inject.Module;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.runtime.HostMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests under {@code deploy/kubernetes} agree with the code: their
 * configuration files load with no error or warning, every {@code HYPERACTOR_*} variable they set
 * is a registered key, the ports agree with one another and with {@code host_addr}, the client Job
 * attaches to exactly the StatefulSet's pods by their stable names, and every file a command or a
 * key names is mounted. There is no cluster here: {@code docs/deploying.md} says what was run.
 */
class KubernetesManifestsIT {
  private static final String CHILD_MODULES_ENV = "IO_HYPERACTOR_CHILD_MODULES";

  @Test
  void theManifestsDeclareTheExpectedObjects() {
    assertThat(documents().stream().map(d -> d.get("kind") + "/" + name(d)).toList())
        .containsExactly(
            "Job/hyperactor-client",
            "ConfigMap/hyperactor-config",
            "Service/hyperactor-hosts",
            "Service/hyperactor-clients",
            "StatefulSet/hyperactor-host");
  }

  @Test
  void everyConfigFileLoadsWithNoErrorOrWarning(@TempDir Path tmp) throws IOException {
    Map<String, Object> data = map(object("ConfigMap", "hyperactor-config").get("data"));
    assertThat(data.keySet()).containsExactly("host.conf", "client.conf");
    for (Map.Entry<String, Object> e : data.entrySet()) {
      Path file = tmp.resolve(e.getKey());
      Files.writeString(file, (String) e.getValue());
      // An unknown key or a bad value throws, naming it.
      HyperactorConfig config = HyperactorConfig.load(Map.of(), new Properties(), file);
      assertWithMessage(e.getKey()).that(config.warnings()).isEmpty();
      assertWithMessage(e.getKey())
          .that(config.get(HyperactorAttrs.DEFAULT_TRANSPORT))
          .isEqualTo(ChannelTransport.TLS);
    }
  }

  @Test
  void everyHyperactorVariableIsARegisteredKey() {
    for (Map<String, Object> container : containers()) {
      for (Map<String, Object> env : list(container.get("env"))) {
        String name = (String) env.get("name");
        if (name.startsWith("HYPERACTOR_")) {
          assertWithMessage("%s in container %s", name, container.get("name"))
              .that(
                  HyperactorAttrs.byEnvVar(name).isPresent()
                      || HyperactorConfig.BOOTSTRAP_ENV_VARS.contains(name))
              .isTrue();
        }
      }
    }
  }

  @Test
  void theHostsNameApplicationTypesThatExist() throws Exception {
    Map<String, Object> host = hostContainer();
    for (String name : env(host, CHILD_MODULES_ENV).split(",")) {
      Class<?> type = Class.forName(name.trim());
      assertWithMessage(name).that(Module.class.isAssignableFrom(type)).isTrue();
      type.getConstructor().newInstance();
    }
    for (String name : env(host, "HYPERACTOR_HOST_CODECS").split(",")) {
      Class<?> type = Class.forName(name.trim());
      assertWithMessage(name).that(Consumer.class.isAssignableFrom(type)).isTrue();
      type.getConstructor().newInstance();
    }
    Class<?> procMain = Class.forName(env(host, HostMain.PROC_MAIN_CLASS_ENV));
    assertThat(procMain.getMethod("main", String[].class)).isNotNull();
  }

  @Test
  void theServiceThePodsAndHostAddrNameOnePort(@TempDir Path tmp) throws IOException {
    Map<String, Object> service = object("Service", "hyperactor-hosts");
    Map<String, Object> spec = map(service.get("spec"));
    assertThat(spec.get("clusterIP")).isEqualTo("None");
    Map<String, Object> servicePort = map(list(spec.get("ports")).get(0));
    Map<String, Object> containerPort = map(list(hostContainer().get("ports")).get(0));
    assertThat(servicePort.get("targetPort")).isEqualTo(containerPort.get("name"));
    assertThat(servicePort.get("port")).isEqualTo(containerPort.get("containerPort"));
    ChannelAddr hostAddr =
        ChannelAddr.parse(hostConfig(tmp).get(HyperactorAttrs.HOST_ADDR).orElseThrow());
    assertThat(hostAddr).isInstanceOf(ChannelAddr.Tls.class);
    assertThat(((ChannelAddr.Tls) hostAddr).port()).isEqualTo(containerPort.get("containerPort"));
    assertThat(map(map(hostContainer().get("readinessProbe")).get("tcpSocket")).get("port"))
        .isEqualTo(containerPort.get("name"));
  }

  @Test
  void theServiceSelectsTheHostPods() {
    Map<String, Object> sts = map(object("StatefulSet", "hyperactor-host").get("spec"));
    Map<String, Object> podLabels = map(map(map(sts.get("template")).get("metadata")).get("labels"));
    Map<String, Object> selector =
        map(map(object("Service", "hyperactor-hosts").get("spec")).get("selector"));
    assertThat(podLabels).containsAtLeastEntriesIn(selector);
    assertThat(podLabels).containsAtLeastEntriesIn(map(map(sts.get("selector")).get("matchLabels")));
    assertThat(sts.get("serviceName")).isEqualTo("hyperactor-hosts");
  }

  @Test
  void eachHostAdvertisesItsStableDnsName() {
    Map<String, Object> host = hostContainer();
    assertThat(env(host, "HYPERACTOR_ADVERTISE_HOSTNAME"))
        .isEqualTo("$(POD_NAME).hyperactor-hosts.$(POD_NAMESPACE).svc.cluster.local");
    assertThat(fieldRef(host, "POD_NAME")).isEqualTo("metadata.name");
    assertThat(fieldRef(host, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
  }

  @Test
  void theClientAdvertisesTheNameItsServiceGivesIt() {
    Map<String, Object> pod = jobPodSpec();
    Map<String, Object> service = object("Service", (String) pod.get("subdomain"));
    Map<String, Object> spec = map(service.get("spec"));
    assertThat(spec.get("clusterIP")).isEqualTo("None");
    Map<String, Object> podLabels =
        map(map(map(map(object("Job", "hyperactor-client").get("spec")).get("template")).get("metadata")).get("labels"));
    assertThat(podLabels).containsAtLeastEntriesIn(map(spec.get("selector")));
    assertThat(env(clientContainer(), "HYPERACTOR_ADVERTISE_HOSTNAME"))
        .isEqualTo(pod.get("hostname") + "." + name(service) + ".$(POD_NAMESPACE).svc.cluster.local");
    assertThat(fieldRef(clientContainer(), "POD_NAMESPACE")).isEqualTo("metadata.namespace");
  }

  @Test
  void theClientAttachesToEveryHostPodByName(@TempDir Path tmp) throws IOException {
    Map<String, Object> sts = map(object("StatefulSet", "hyperactor-host").get("spec"));
    int replicas = (Integer) sts.get("replicas");
    int port = (Integer) map(list(hostContainer().get("ports")).get(0)).get("containerPort");
    ChannelTransport transport = hostConfig(tmp).get(HyperactorAttrs.DEFAULT_TRANSPORT);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      // The name each host advertises (and its certificate carries), in the namespace "default".
      String advertised =
          env(hostContainer(), "HYPERACTOR_ADVERTISE_HOSTNAME")
              .replace("$(POD_NAME)", "hyperactor-host-" + i)
              .replace("$(POD_NAMESPACE)", "default");
      expected.add(ChannelAddr.parse(transport + ":" + advertised + ":" + port).toString());
    }
    List<String> args = strings(clientContainer().get("args"));
    String hosts = args.get(args.indexOf("--hosts") + 1).replace("$(POD_NAMESPACE)", "default");
    List<String> attached = new ArrayList<>();
    for (String addr : hosts.split(",")) {
      attached.add(ChannelAddr.parse(addr).toString());
    }
    assertThat(attached).containsExactlyElementsIn(expected).inOrder();
    assertThat(fieldRef(clientContainer(), "POD_NAMESPACE")).isEqualTo("metadata.namespace");
  }

  @Test
  void theClientCommandRunsTheClientWithItsMountedConfig() throws Exception {
    Map<String, Object> client = clientContainer();
    List<String> command = strings(client.get("command"));
    assertThat(command.get(0)).isEqualTo("java");
    String configFile =
        command.stream()
            .filter(a -> a.startsWith("-Dconfig.file="))
            .findFirst()
            .orElseThrow()
            .substring("-Dconfig.file=".length());
    assertThat(mountedConfigMapKey(jobPodSpec(), client, configFile)).isEqualTo("client.conf");
    Class<?> main = Class.forName(command.get(command.size() - 1));
    assertThat(main.getMethod("main", String[].class)).isNotNull();
  }

  @Test
  void theHostCommandReadsItsMountedConfig() {
    Map<String, Object> host = hostContainer();
    List<String> command = strings(host.get("command"));
    assertThat(command.subList(0, 2)).containsExactly("hyperactor", "host").inOrder();
    String configFile = command.get(command.indexOf("--config") + 1);
    assertThat(mountedConfigMapKey(hostPodSpec(), host, configFile)).isEqualTo("host.conf");
  }

  @Test
  void theImageHasWhatTheCommandsName() throws IOException {
    List<String> dockerfile = Files.readAllLines(Manifests.DIR.resolve("Dockerfile"));
    String image = (String) hostContainer().get("image");
    assertThat(clientContainer().get("image")).isEqualTo(image);
    assertThat(String.join("\n", dockerfile)).contains("-t " + image + " ");
    // The host's command is the wrapper the image puts on the PATH, running the CLI.
    String wrapper = "/usr/local/bin/" + strings(hostContainer().get("command")).get(0);
    assertThat(dockerfile.stream().filter(l -> l.contains("> " + wrapper)).count()).isEqualTo(1);
    assertThat(String.join("\n", dockerfile))
        .contains("-cp \"/opt/hyperactor/lib/*\" " + "io.hyperactor.cli.HyperactorCli");
    // Everything copied lands in the one directory the client's class path names, and every
    // source is a file or directory that `package` makes.
    List<String> command = strings(clientContainer().get("command"));
    String classPath = command.get(command.indexOf("-cp") + 1);
    assertThat(classPath).isEqualTo("/opt/hyperactor/lib/*");
    List<String> copies = dockerfile.stream().filter(l -> l.startsWith("COPY ")).toList();
    assertThat(copies).isNotEmpty();
    for (String copy : copies) {
      String[] parts = copy.split("\\s+");
      assertWithMessage(copy).that(parts[2]).isEqualTo("/opt/hyperactor/lib/");
      assertWithMessage(copy).that(Files.exists(Manifests.ROOT.resolve(parts[1]))).isTrue();
    }
  }

  @Test
  void theTlsFilesAreMountedFromEachPodsSecret(@TempDir Path tmp) throws IOException {
    checkTlsMounted(hostPodSpec(), hostContainer(), hostConfig(tmp), "hyperactor-host-tls");
    checkTlsMounted(jobPodSpec(), clientContainer(), config(tmp, "client.conf"), "hyperactor-client-tls");
  }

  private static void checkTlsMounted(
      Map<String, Object> pod, Map<String, Object> container, HyperactorConfig config, String secret) {
    for (String file :
        ImmutableList.of(
            config.get(HyperactorAttrs.TLS_CERT),
            config.get(HyperactorAttrs.TLS_KEY),
            config.get(HyperactorAttrs.TLS_CA))) {
      Map<String, Object> mount = mountOf(container, file);
      Map<String, Object> volume = volume(pod, (String) mount.get("name"));
      assertWithMessage(file).that(map(volume.get("secret")).get("secretName")).isEqualTo(secret);
    }
  }

  // ---- reading the manifests

  private static HyperactorConfig hostConfig(Path tmp) throws IOException {
    return config(tmp, "host.conf");
  }

  private static HyperactorConfig config(Path tmp, String key) throws IOException {
    Path file = tmp.resolve(key);
    Files.writeString(file, configText(key));
    return HyperactorConfig.load(Map.of(), new Properties(), file);
  }

  /** The ConfigMap key mounted at {@code path} in {@code container}. */
  private static String mountedConfigMapKey(
      Map<String, Object> pod, Map<String, Object> container, String path) {
    Map<String, Object> mount = mountOf(container, path);
    assertThat(mount.get("mountPath")).isEqualTo(path);
    Map<String, Object> volume = volume(pod, (String) mount.get("name"));
    assertThat(map(volume.get("configMap")).get("name")).isEqualTo("hyperactor-config");
    return (String) mount.get("subPath");
  }

  /** The volume mount of {@code container} that holds {@code path}. */
  private static Map<String, Object> mountOf(Map<String, Object> container, String path) {
    for (Map<String, Object> mount : list(container.get("volumeMounts"))) {
      String at = (String) mount.get("mountPath");
      if (path.equals(at) || path.startsWith(at + "/")) {
        return mount;
      }
    }
    throw new AssertionError(path + " is not mounted in container " + container.get("name"));
  }

  private static Map<String, Object> volume(Map<String, Object> pod, String name) {
    return list(pod.get("volumes")).stream()
        .filter(v -> name.equals(v.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }
}
