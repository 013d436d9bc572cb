package io.hyperactor.internal.agent;

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
 * bounded duration, and returns the recording's bytes.
 *
 * <p>JFR writes a recording to a file only; the profiler reads that temporary file into the reply
 * and deletes it whatever the outcome, so no file outlives the request. The reply crosses the
 * network as one message, so a recording that would not fit in a frame ({@code
 * codec_max_frame_length} less {@link #ENVELOPE_ALLOWANCE}) is refused before it is read.
 */
final class CpuProfiler {
  /** Room kept in a frame for the reply's envelope and encoding around the recording. */
  static final long ENVELOPE_ALLOWANCE = 64 * 1024;

  /** The largest array a JVM allocates, with the headroom the JDK's own buffers keep. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private CpuProfiler() {}

  /** The largest recording a reply may carry when a frame holds at most {@code maxFrameLength}. */
  static long maxRecordingBytes(long maxFrameLength) {
    return Math.max(0, Math.min(maxFrameLength, MAX_ARRAY) - ENVELOPE_ALLOWANCE);
  }

  /**
   * Blocks the calling thread for {@code duration} while recording; the result carries the
   * recording, or says why there is none.
   *
   * @param maxFrameLength {@code codec_max_frame_length}, which bounds the reply
   */
  static CpuProfileResult record(Duration duration, long maxFrameLength) {
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
      long size = Files.size(file);
      long limit = maxRecordingBytes(maxFrameLength);
      if (size > limit) {
        return new CpuProfileResult.Failed(
            pid,
            "profile of pid "
                + pid
                + " is "
                + size
                + " bytes, more than the "
                + limit
                + " bytes a reply may carry (codec_max_frame_length "
                + maxFrameLength
                + " less "
                + ENVELOPE_ALLOWANCE
                + " for the envelope); record a shorter profile or raise codec_max_frame_length");
      }
      return new CpuProfileResult.Ok(pid, Files.readAllBytes(file), duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CpuProfileResult.Failed(pid, "profile of pid " + pid + " was interrupted");
    } catch (IOException | ParseException | RuntimeException e) {
      return new CpuProfileResult.Failed(pid, "profile of pid " + pid + " failed: " + e);
    } finally {
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(@Nullable Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The outcome being reported matters more than a leftover temp file.
    }
  }
}
