package io.hyperactor.internal.agent;

import io.hyperactor.config.HumanDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;

/**
 * Records a CPU profile of the process with JDK Flight Recorder's {@code profile} settings for a
 * bounded duration and writes it to a temporary {@code .jfr} file owned by the caller.
 */
final class CpuProfiler {
  static final Duration MIN_DURATION = Duration.ofSeconds(1);

  private CpuProfiler() {}

  /** Why {@code duration} is not acceptable, or null when it is. */
  static @Nullable String validate(Duration duration, Duration max) {
    if (duration.compareTo(MIN_DURATION) < 0) {
      return "profile duration "
          + HumanDuration.format(duration)
          + " is too short: it must be at least "
          + HumanDuration.format(MIN_DURATION);
    }
    if (duration.compareTo(max) > 0) {
      return "profile duration "
          + HumanDuration.format(duration)
          + " exceeds mesh_admin_pyspy_max_profile_duration ("
          + HumanDuration.format(max)
          + ")";
    }
    return null;
  }

  /** Blocks the calling thread for {@code duration} while recording. */
  static CpuProfileResult record(Duration duration) {
    long pid = ProcessHandle.current().pid();
    Path file = null;
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.setName("hyperactor-cpu-profile");
      recording.setToDisk(true);
      file = Files.createTempFile("hyperactor-profile-" + pid + "-", ".jfr");
      recording.start();
      Thread.sleep(duration);
      recording.stop();
      recording.dump(file);
      return new CpuProfileResult.Ok(pid, file, Files.size(file), duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(file);
      return new CpuProfileResult.Failed(pid, "profile of pid " + pid + " was interrupted");
    } catch (IOException | ParseException | RuntimeException e) {
      deleteQuietly(file);
      return new CpuProfileResult.Failed(pid, "profile of pid " + pid + " failed: " + e);
    }
  }

  private static void deleteQuietly(@Nullable Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The failure being reported matters more than a leftover temp file.
    }
  }
}
