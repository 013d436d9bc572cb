package io.hyperactor.debug;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A CPU profile of a proc's process: a JDK Flight Recorder recording ({@code .jfr}) taken with the
 * JDK's {@code profile} settings, held in memory.
 *
 * <p>The recording travelled from the proc to the caller as bytes, so it can be read wherever the
 * caller runs: open it with JDK Mission Control or {@code jfr print}, or read it with {@code
 * jdk.jfr.consumer.RecordingFile} after {@link #writeTo(Path)}. The bytes are never exposed for
 * writing: {@link #toByteArray()} copies them, {@link #openStream()} and {@link
 * #writeTo(OutputStream)} read them in place.
 *
 * <pre>{@code
 * CpuProfileRecording profile =
 *     system.cpuProfile(system.client(), procId, Duration.ofSeconds(10)).get();
 * profile.writeTo(Path.of("worker-" + profile.pid() + ".jfr"));
 * }</pre>
 */
public final class CpuProfileRecording {
  private final long pid;
  private final Duration duration;
  private final byte[] jfr;

  private CpuProfileRecording(long pid, Duration duration, byte[] jfr) {
    this.pid = pid;
    this.duration = duration;
    this.jfr = jfr;
  }

  /**
   * A recording of process {@code pid} over {@code duration}; {@code jfr} is copied.
   *
   * @throws IllegalArgumentException when {@code jfr} is empty or {@code duration} is not positive
   */
  public static CpuProfileRecording of(long pid, Duration duration, byte[] jfr) {
    checkNotNull(duration, "duration");
    checkNotNull(jfr, "jfr");
    checkArgument(
        !duration.isNegative() && !duration.isZero(),
        "profile duration must be positive, got %s",
        duration);
    checkArgument(jfr.length > 0, "a JFR recording cannot be empty");
    return new CpuProfileRecording(pid, duration, jfr.clone());
  }

  /** The profiled process. */
  public long pid() {
    return pid;
  }

  /** How long was recorded. */
  public Duration duration() {
    return duration;
  }

  /** The recording's size in bytes. */
  public int sizeBytes() {
    return jfr.length;
  }

  /** A copy of the recording's bytes. */
  public byte[] toByteArray() {
    return jfr.clone();
  }

  /** A stream over the recording's bytes, without copying them. */
  public InputStream openStream() {
    return new ByteArrayInputStream(jfr);
  }

  /** Writes the recording to {@code out}; does not close it. */
  public void writeTo(OutputStream out) throws IOException {
    checkNotNull(out, "out");
    out.write(jfr);
  }

  /** Writes the recording to the file {@code file}, replacing it. */
  public void writeTo(Path file) throws IOException {
    checkNotNull(file, "file");
    Files.write(file, jfr);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpuProfileRecording other
        && pid == other.pid
        && duration.equals(other.duration)
        && Arrays.equals(jfr, other.jfr);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(pid) + duration.hashCode()) + Arrays.hashCode(jfr);
  }

  @Override
  public String toString() {
    return "CpuProfileRecording{pid="
        + pid
        + ", duration="
        + duration
        + ", "
        + jfr.length
        + " bytes}";
  }
}
