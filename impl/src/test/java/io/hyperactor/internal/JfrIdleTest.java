package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM without a flight recorder does not create the runtime's JFR events, so that the JDK never
 * loads the recorder's metadata there; with a recording it does. Observed in a forked JVM through
 * its class-loading log, since this test JVM may have a recorder already.
 */
@Timeout(120)
class JfrIdleTest {
  private static final String HANDLER_EVENT = HandlerEvent.class.getName();
  private static final String METADATA = "jdk.jfr.internal.MetadataRepository";

  @Test
  void handlerWithoutRecorderLoadsNoJfrMetadata(@TempDir Path dir) throws Exception {
    List<String> loaded = run(dir, "idle");
    assertThat(loaded).doesNotContain(HANDLER_EVENT);
    assertThat(loaded).doesNotContain(METADATA);
  }

  @Test
  void handlerWithRecordingCreatesTheEvent(@TempDir Path dir) throws Exception {
    List<String> loaded = run(dir, "recording");
    assertThat(loaded).contains(HANDLER_EVENT);
    assertThat(loaded).contains(METADATA);
  }

  /** Runs {@link JfrIdleMain} with {@code mode}; returns the names of the classes it loaded. */
  private static List<String> run(Path dir, String mode) throws Exception {
    Path classes = dir.resolve("classes.log");
    Path output = dir.resolve("output.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xlog:class+load=info:file=" + classes + ":none",
                    "-cp",
                    System.getProperty("java.class.path"),
                    JfrIdleMain.class.getName(),
                    mode))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(0);
    } finally {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    // Lines read "<class name> source: <where>".
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(classes)) {
      int space = line.indexOf(' ');
      names.add(space < 0 ? line : line.substring(0, space));
    }
    // The main class is logged too: an empty or unreadable log must not pass for "none loaded".
    assertThat(names).contains(JfrIdleMain.class.getName());
    return names;
  }
}
