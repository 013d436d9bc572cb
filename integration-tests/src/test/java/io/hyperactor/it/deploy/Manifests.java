package io.hyperactor.it.deploy;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The objects of the Kubernetes manifests under {@code deploy/kubernetes}, as plain YAML trees. */
final class Manifests {
  /** The project's root directory; the tests run in {@code integration-tests}. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static final Path DIR = ROOT.resolve("deploy/kubernetes");

  private static final ImmutableList<Map<String, Object>> DOCUMENTS = load();

  private Manifests() {}

  private static ImmutableList<Map<String, Object>> load() {
    ImmutableList.Builder<Map<String, Object>> docs = ImmutableList.builder();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        // SafeConstructor: plain maps, lists and scalars only, no types named by the file.
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try (Reader reader = Files.newBufferedReader(file)) {
          for (Object doc : yaml.loadAll(reader)) {
            docs.add(map(doc));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifests in " + DIR, e);
    }
    return docs.build();
  }

  /** Every object of every manifest, in file order. */
  static List<Map<String, Object>> documents() {
    return DOCUMENTS;
  }

  /** The text of {@code key} in the ConfigMap hyperactor-config. */
  static String configText(String key) {
    return (String) map(object("ConfigMap", "hyperactor-config").get("data")).get(key);
  }

  static String env(Map<String, Object> container, String name) {
    return (String) envEntry(container, name).get("value");
  }

  static String fieldRef(Map<String, Object> container, String name) {
    return (String) map(map(envEntry(container, name).get("valueFrom")).get("fieldRef")).get("fieldPath");
  }

  static Map<String, Object> envEntry(Map<String, Object> container, String name) {
    return list(container.get("env")).stream()
        .filter(e -> name.equals(e.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.get("name") + " does not set " + name));
  }

  static Map<String, Object> hostPodSpec() {
    return podSpec(object("StatefulSet", "hyperactor-host"));
  }

  static Map<String, Object> jobPodSpec() {
    return podSpec(object("Job", "hyperactor-client"));
  }

  static Map<String, Object> podSpec(Map<String, Object> workload) {
    return map(map(map(workload.get("spec")).get("template")).get("spec"));
  }

  static Map<String, Object> hostContainer() {
    return map(list(hostPodSpec().get("containers")).get(0));
  }

  static Map<String, Object> clientContainer() {
    return map(list(jobPodSpec().get("containers")).get(0));
  }

  static List<Map<String, Object>> containers() {
    List<Map<String, Object>> all = new ArrayList<>();
    all.addAll(list(hostPodSpec().get("containers")));
    all.addAll(list(jobPodSpec().get("containers")));
    return all;
  }

  static Map<String, Object> object(String kind, String name) {
    return DOCUMENTS.stream()
        .filter(d -> kind.equals(d.get("kind")) && name.equals(name(d)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIR));
  }

  static String name(Map<String, Object> doc) {
    return (String) map(doc.get("metadata")).get("name");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    assertThat(o).isInstanceOf(List.class);
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Object o) {
    assertThat(o).isInstanceOf(List.class);
    return (List<String>) o;
  }
}
