package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decides from the runtime's own sources which keys are read, and checks the registry's reserved
 * flags against that: every key nothing reads must be reserved, and every reserved key must be
 * read by nothing.
 *
 * <p>A key counts as read when the main sources of a runtime module refer to its {@link
 * HyperactorAttrs} constant outside comments. Tests, benchmarks and examples do not count: reading
 * a key there does not make the runtime honour it.
 */
class ConfigKeyUsageTest {

  /** The modules whose main code is the runtime, relative to the repository root. */
  static final ImmutableList<String> RUNTIME_SOURCES =
      ImmutableList.of(
          "impl/src/main/java", "grpc-transport/src/main/java", "modules/src/main/java");

  private static final String HOW_TO_FIX =
      "\nIn config/src/main/java/io/hyperactor/config/HyperactorAttrs.java, declare a key that"
          + " nothing reads with R.reserved (R.reservedLocal) and one that is read with R.add"
          + " (R.addLocal), then regenerate the reference:\n  "
          + ConfigReferenceGenerator.REGENERATE_COMMAND
          + "\n";

  /** Every registry constant's field name, by key. */
  private static ImmutableMap<Attr<?>, String> constants() throws IllegalAccessException {
    ImmutableMap.Builder<Attr<?>, String> constants = ImmutableMap.builder();
    for (Field field : HyperactorAttrs.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Attr.class) {
        constants.put((Attr<?>) field.get(null), field.getName());
      }
    }
    return constants.buildOrThrow();
  }

  /** Each key with whether the runtime's main code refers to it, in registry order. */
  private static Map<Attr<?>, Boolean> readByTheRuntime() throws IllegalAccessException {
    Path root = ConfigReferenceTest.root();
    ImmutableList.Builder<String> code = ImmutableList.builder();
    for (String dir : RUNTIME_SOURCES) {
      Path sources = root.resolve(dir);
      assertWithMessage("runtime sources at %s", sources).that(Files.isDirectory(sources)).isTrue();
      code.addAll(JavaSources.codeUnder(sources));
    }
    ImmutableList<String> files = code.build();
    ImmutableMap<Attr<?>, String> constants = constants();
    Map<Attr<?>, Boolean> read = new LinkedHashMap<>();
    for (Attr<?> attr : HyperactorAttrs.all()) {
      String constant = constants.get(attr);
      read.put(attr, files.stream().anyMatch(file -> JavaSources.refersTo(file, constant)));
    }
    return read;
  }

  @Test
  void everyKeyIsReadByTheRuntimeOrMarkedReserved() throws IllegalAccessException {
    Map<Attr<?>, Boolean> read = readByTheRuntime();
    StringBuilder table = new StringBuilder("\nkey | read by the runtime | marked\n");
    ImmutableSortedSet.Builder<String> unreadButNotReserved = ImmutableSortedSet.naturalOrder();
    ImmutableSortedSet.Builder<String> readButReserved = ImmutableSortedSet.naturalOrder();
    read.forEach(
        (attr, isRead) -> {
          table
              .append(attr.hoconPath())
              .append(" | ")
              .append(isRead ? "read" : "not read")
              .append(" | ")
              .append(attr.reserved() ? "reserved" : "read")
              .append('\n');
          if (!isRead && !attr.reserved()) {
            unreadButNotReserved.add(attr.hoconPath());
          }
          if (isRead && attr.reserved()) {
            readButReserved.add(attr.hoconPath());
          }
        });
    assertWithMessage("keys nothing reads that are not marked reserved%s%s", HOW_TO_FIX, table)
        .that(unreadButNotReserved.build())
        .isEmpty();
    assertWithMessage("reserved keys the runtime reads%s%s", HOW_TO_FIX, table)
        .that(readButReserved.build())
        .isEmpty();
  }

  @Test
  void theScanSeesKnownReadsAndIgnoresComments() throws IllegalAccessException {
    Map<Attr<?>, Boolean> read = readByTheRuntime();
    // Read in impl's channel settings and proc teardown; if these vanish, the scan is broken.
    assertThat(read.get(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH)).isTrue();
    assertThat(read.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isTrue();

    String code =
        JavaSources.withoutComments(
            """
            /** Uses {@link HyperactorAttrs#SPLIT_MAX_BUFFER_SIZE}. */
            class A {
              // HyperactorAttrs.SPLIT_MAX_BUFFER_AGE
              String s = "/* HyperactorAttrs.READ_LOG_BUFFER */";
              Object o = config.get(HyperactorAttrs.PYSPY_BIN); /* HyperactorAttrs.TLS_CA */
            }
            """);
    assertThat(JavaSources.refersTo(code, "SPLIT_MAX_BUFFER_SIZE")).isFalse();
    assertThat(JavaSources.refersTo(code, "SPLIT_MAX_BUFFER_AGE")).isFalse();
    assertThat(JavaSources.refersTo(code, "TLS_CA")).isFalse();
    assertThat(JavaSources.refersTo(code, "PYSPY_BIN")).isTrue();
    // A string literal is kept, so its text still matches; no runtime code names keys that way.
    assertThat(code).contains("/* HyperactorAttrs.READ_LOG_BUFFER */");
  }

  @Test
  void staticImportsCount() {
    String single =
        """
        import static io.hyperactor.config.HyperactorAttrs.PYSPY_BIN;
        class A { Object o = config.get(PYSPY_BIN); }
        """;
    String star =
        """
        import static io.hyperactor.config.HyperactorAttrs.*;
        class A { Object o = config.get(FORCE_FILE_LOG); }
        """;
    String importOnly =
        """
        import static io.hyperactor.config.HyperactorAttrs.PYSPY_BIN;
        class A { }
        """;
    assertThat(JavaSources.refersTo(single, "PYSPY_BIN")).isTrue();
    assertThat(JavaSources.refersTo(star, "FORCE_FILE_LOG")).isTrue();
    assertThat(JavaSources.refersTo(star, "PYSPY_BIN")).isFalse();
    assertThat(JavaSources.refersTo(importOnly, "PYSPY_BIN")).isFalse();
  }
}
