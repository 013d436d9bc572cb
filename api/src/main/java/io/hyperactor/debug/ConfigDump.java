package io.hyperactor.debug;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ProcId;
import java.util.List;
import java.util.Optional;

/**
 * The resolved configuration of a proc's process: every key with its value and the layer that
 * supplied it.
 *
 * <p>A proc in a child JVM reports its own process's configuration (what its parent propagated,
 * plus its own environment); a proc in the caller's JVM reports the configuration its runtime
 * reads.
 *
 * <pre>{@code
 * ConfigDump dump = system.configDump(system.client(), procId).get();
 * dump.entry("message_delivery_timeout").ifPresent(e -> System.out.println(e.value()));
 * }</pre>
 *
 * @param procId the proc that answered
 * @param entries one entry per key, in the registry's order
 */
public record ConfigDump(ProcId procId, List<Entry> entries) {
  public ConfigDump {
    checkNotNull(procId, "procId");
    entries = List.copyOf(checkNotNull(entries, "entries"));
  }

  /** The entry of config key {@code key} (e.g. {@code cleanup_timeout}), if present. */
  public Optional<Entry> entry(String key) {
    checkNotNull(key, "key");
    return entries.stream().filter(e -> e.key().equals(key)).findFirst();
  }

  /**
   * One key of a dump.
   *
   * @param key the config name, e.g. {@code cleanup_timeout}
   * @param value the value in its normalized text form, e.g. {@code 3s}
   * @param source the layer that supplied it, lower case: {@code default}, {@code
   *     client_override}, {@code file}, {@code runtime}, {@code env} or {@code test_override}
   */
  public record Entry(String key, String value, String source) {
    public Entry {
      checkNotNull(key, "key");
      checkNotNull(value, "value");
      checkNotNull(source, "source");
    }
  }
}
