package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process-exit behaviour, observed in a forked JVM. */
@Timeout(120)
class ProcExitTest {

  @Test
  void testProcTerminateWithoutCoordinator() throws Exception {
    Path output = Files.createTempFile("proc-exit", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    ProcExitMain.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(output);
      // Exit code 1 alone could be a JVM launch failure; the log proves the proc chose to exit.
      assertThat(log).contains("unhandled supervision event with no supervision coordinator");
      assertThat(process.exitValue()).isEqualTo(1);
    } finally {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      Files.deleteIfExists(output);
    }
  }
}
