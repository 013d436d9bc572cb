package io.hyperactor.distribution;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library as an application gets it: deployed to a file repository with its BOM, sources and
 * Javadoc, then used by a project outside this build that imports the BOM, depends on the runtime
 * only, and runs a hello-world actor.
 */
class ConsumerProjectTest {
  /**
   * The modules a release builds: the parent pom, the BOM and the libraries, which are deployed,
   * and the test support their tests use, which is not.
   */
  private static final String RELEASED =
      ".,bom,test-support,api,config,impl,grpc-transport,modules,testkit";

  private static final List<String> LIBRARIES =
      List.of("api", "config", "impl", "grpc-transport", "modules", "testkit");

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  private static String run(Path dir, List<String> command) throws Exception {
    Path log = Files.createTempFile("hyperactor-distribution", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done = process.waitFor(10, TimeUnit.MINUTES);
      if (!done) {
        process.destroyForcibly().waitFor();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertWithMessage("%s\n%s", command, output).that(done).isTrue();
      assertWithMessage("%s\n%s", command, output).that(process.exitValue()).isEqualTo(0);
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static List<String> maven(Path root, String... args) {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("mvnw").toString());
    command.add("-B");
    command.add("-ntp");
    command.add("-Dmaven.repo.local=" + System.getProperty("hyperactor.m2"));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void a_project_that_imports_the_bom_builds_against_the_deployed_library_and_runs() throws Exception {
    Path root = root();
    String version = System.getProperty("hyperactor.project.version");
    Path repo = root.resolve("distribution-tests/target/file-repository");
    deleteTree(repo);

    run(
        root,
        maven(
            root,
            "deploy",
            "-pl",
            RELEASED,
            "-DskipTests",
            "-DaltDeploymentRepository=distribution-test::" + repo.toUri()));

    Path group = repo.resolve("io/hyperactor");
    assertThat(Files.isDirectory(group.resolve("hyperactor-bom/" + version))).isTrue();
    for (String library : LIBRARIES) {
      Path dir = group.resolve("hyperactor-" + library + "/" + version);
      List<String> files;
      try (Stream<Path> listing = Files.list(dir)) {
        files = listing.map(p -> p.getFileName().toString()).toList();
      }
      assertWithMessage("%s", dir).that(files.stream().anyMatch(f -> f.endsWith("-sources.jar"))).isTrue();
      assertWithMessage("%s", dir).that(files.stream().anyMatch(f -> f.endsWith("-javadoc.jar"))).isTrue();
      assertWithMessage("%s", dir).that(files.stream().anyMatch(f -> f.endsWith(".pom"))).isTrue();
    }
    for (String notDeployed : List.of("examples", "cli", "benchmarks", "integration-tests", "test-support")) {
      assertThat(Files.exists(group.resolve("hyperactor-" + notDeployed))).isFalse();
    }

    Path consumer = root.resolve("distribution-tests/consumer");
    deleteTree(consumer.resolve("target"));
    run(
        consumer,
        maven(
            root,
            "-Dhyperactor.repo=" + repo.toUri(),
            "-Dhyperactor.version=" + version,
            "-Dmdep.outputFile=target/classpath.txt",
            "package",
            "dependency:build-classpath"));
    String classPath =
        consumer.resolve("target/classes")
            + java.io.File.pathSeparator
            + Files.readString(consumer.resolve("target/classpath.txt")).strip();
    // Only the deployed library is on it, never this build's own module directories.
    assertThat(classPath).doesNotContain(root.resolve("impl/target").toString());
    assertThat(classPath).contains("hyperactor-impl-" + version);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String output = run(consumer, List.of(java, "-cp", classPath, "example.Hello"));
    assertThat(output).contains("Hello, consumer!");
  }
}
