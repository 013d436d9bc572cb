package io.hyperactor.config;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One line of a configuration dump: a key, its current value in normalized text form, and the
 * layer that supplied it.
 *
 * @param name the config name, e.g. {@code cleanup_timeout}
 * @param value the value formatted by the key's {@link AttrType}, e.g. {@code 3s}
 * @param layer the layer the value came from
 */
public record ConfigEntry(String name, String value, ConfigLayer layer) {
  public ConfigEntry {
    checkNotNull(name, "name");
    checkNotNull(value, "value");
    checkNotNull(layer, "layer");
  }
}
