package io.hyperactor.testkit;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Applications, examples, docs and tests outside the runtime live on the public surface: none of
 * them imports {@code io.hyperactor.internal}, and every internal package says it is internal.
 */
class PublicSurfaceTest {
  private static final Pattern INTERNAL_IMPORT =
      Pattern.compile("^\\s*import\\s+(static\\s+)?io\\.hyperactor\\.internal\\b", Pattern.MULTILINE);

  /** What every internal package's documentation says. */
  private static final String INTERNAL_NOTICE = "not part of the public API";

  /** The modules and folders that must do without the internal packages. */
  private static final List<String> PUBLIC_ONLY =
      List.of("examples", "integration-tests", "benchmarks", "modules", "testkit", "docs", "README.md");

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("impl")) && Files.isDirectory(dir.resolve("testkit"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the project root above " + Path.of("").toAbsolutePath());
  }

  private static List<Path> sources(Path start) {
    if (!Files.exists(start)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(start)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/target/"))
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".md"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void nothing_outside_the_runtime_imports_its_internal_packages() throws IOException {
    Path root = root();
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (String place : PUBLIC_ONLY) {
      for (Path file : sources(root.resolve(place))) {
        scanned++;
        if (INTERNAL_IMPORT.matcher(Files.readString(file)).find()) {
          offenders.add(root.relativize(file).toString());
        }
      }
    }
    // The scan must have seen the project, or it proves nothing.
    assertThat(scanned).isGreaterThan(50);
    assertWithMessage("files that import io.hyperactor.internal").that(offenders).isEmpty();
  }

  @Test
  void every_internal_package_says_it_is_internal() throws IOException {
    Path internal = root().resolve("impl/src/main/java/io/hyperactor/internal");
    List<Path> packages;
    try (Stream<Path> dirs = Files.walk(internal)) {
      packages =
          dirs.filter(Files::isDirectory)
              .filter(d -> {
                try (Stream<Path> files = Files.list(d)) {
                  return files.anyMatch(f -> f.toString().endsWith(".java"));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
              .toList();
    }
    assertThat(packages).isNotEmpty();
    List<String> silent = new ArrayList<>();
    for (Path dir : packages) {
      Path info = dir.resolve("package-info.java");
      if (!Files.exists(info) || !Files.readString(info).contains(INTERNAL_NOTICE)) {
        silent.add(internal.relativize(dir).toString());
      }
    }
    assertWithMessage("internal packages whose package-info does not say they are internal")
        .that(silent)
        .isEmpty();
  }
}
