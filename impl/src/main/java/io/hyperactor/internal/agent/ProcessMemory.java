package io.hyperactor.internal.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The process's resident and virtual memory sizes, read from {@code /proc/self/status} on Linux;
 * unavailable (with the reason) elsewhere or when the file cannot be read, never made up.
 *
 * @param rssBytes {@code VmRSS} in bytes
 * @param vmBytes {@code VmSize} in bytes
 * @param unavailableReason why a value is missing, or null when both are present
 */
record ProcessMemory(
    OptionalLong rssBytes, OptionalLong vmBytes, @Nullable String unavailableReason) {
  private static final Path STATUS = Path.of("/proc/self/status");

  static ProcessMemory read() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return new ProcessMemory(
          OptionalLong.empty(),
          OptionalLong.empty(),
          "unavailable: process memory is read from /proc/self/status, which exists on Linux only");
    }
    try {
      return parse(Files.readAllLines(STATUS));
    } catch (IOException | RuntimeException e) {
      return new ProcessMemory(
          OptionalLong.empty(),
          OptionalLong.empty(),
          "unavailable: cannot read " + STATUS + ": " + e);
    }
  }

  static ProcessMemory parse(List<String> lines) {
    OptionalLong rss = field(lines, "VmRSS:");
    OptionalLong vm = field(lines, "VmSize:");
    String reason = null;
    if (rss.isEmpty() || vm.isEmpty()) {
      reason =
          "unavailable: "
              + STATUS
              + " has no "
              + (rss.isEmpty() ? "VmRSS" : "")
              + (rss.isEmpty() && vm.isEmpty() ? " or " : "")
              + (vm.isEmpty() ? "VmSize" : "")
              + " line";
    }
    return new ProcessMemory(rss, vm, reason);
  }

  /** Reads {@code <key> <n> kB} as bytes. */
  private static OptionalLong field(List<String> lines, String key) {
    for (String line : lines) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        try {
          long value = Long.parseLong(parts[0]);
          long unit = parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? 1024 : 1;
          return OptionalLong.of(value * unit);
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }
}
