package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.config.ConfigEntry;
import java.util.Optional;

/**
 * A process's resolved configuration: every key with its value and the layer that supplied it.
 *
 * @param entries one entry per key
 */
public record ConfigDumpResult(ImmutableList<ConfigEntry> entries) {
  public ConfigDumpResult {
    checkNotNull(entries, "entries");
  }

  /** The entry of config key {@code name}, if present. */
  public Optional<ConfigEntry> entry(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
