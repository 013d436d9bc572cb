package io.hyperactor.config;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text form in which a parent hands its resolved configuration to a child process: a compact
 * JSON object
 *
 * <pre>{"format":2,"entries":{"cleanup_timeout":{"value":"3s","layer":"ENV"}, ...}}</pre>
 *
 * <p>holding every propagating key with its formatted value and the layer it came from. Values
 * are the keys' normalized text forms, which parse back to equal values. Stateless.
 */
final class ChildConfigCodec {
  /** Format 2 names the layers of {@link ConfigLayer} in its upstream order, with TEST_OVERRIDE. */
  static final int FORMAT = 2;

  private ChildConfigCodec() {}

  static String encode(List<ConfigEntry> dump) {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (ConfigEntry entry : dump) {
      Attr<?> attr = HyperactorAttrs.byName(entry.name()).orElseThrow();
      if (attr.propagates()) {
        entries.put(entry.name(), Map.of("value", entry.value(), "layer", entry.layer().name()));
      }
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("entries", entries);
    return ConfigValueFactory.fromMap(root).render(ConfigRenderOptions.concise());
  }

  /**
   * Decodes the layers of a serialized configuration, adding a message to {@code errors} for
   * every problem. Every layer is present in the result, possibly empty.
   */
  static Map<ConfigLayer, ImmutableMap<Attr<?>, Object>> decode(
      String serialized, List<String> errors) {
    Map<ConfigLayer, ImmutableMap.Builder<Attr<?>, Object>> builders =
        new EnumMap<>(ConfigLayer.class);
    for (ConfigLayer layer : ConfigLayer.values()) {
      builders.put(layer, ImmutableMap.builder());
    }
    decodeInto(serialized, errors, builders);
    Map<ConfigLayer, ImmutableMap<Attr<?>, Object>> layers = new EnumMap<>(ConfigLayer.class);
    builders.forEach((layer, builder) -> layers.put(layer, builder.buildOrThrow()));
    return layers;
  }

  private static void decodeInto(
      String serialized,
      List<String> errors,
      Map<ConfigLayer, ImmutableMap.Builder<Attr<?>, Object>> builders) {
    String where = "serialized configuration (" + HyperactorConfig.CHILD_CONFIG_ENV + ")";
    Config parsed;
    try {
      parsed =
          ConfigFactory.parseString(
              serialized, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    } catch (ConfigException e) {
      errors.add(where + " is not valid JSON: " + e.getMessage());
      return;
    }
    if (!parsed.hasPath("format") || !parsed.hasPath("entries")) {
      errors.add(where + " lacks the fields format and entries");
      return;
    }
    ConfigValue format = parsed.getValue("format");
    if (!String.valueOf(format.unwrapped()).equals(String.valueOf(FORMAT))) {
      errors.add(
          String.format(
              "%s has format %s, expected %s (parent and child run different releases)",
              where, format.unwrapped(), FORMAT));
      return;
    }
    ConfigObject entries = parsed.getObject("entries");
    for (Map.Entry<String, ConfigValue> e : ImmutableSortedMap.copyOf(entries).entrySet()) {
      Optional<Attr<?>> attr = HyperactorAttrs.byName(e.getKey());
      if (attr.isEmpty()) {
        errors.add(ConfigReader.unknownKey(e.getKey(), where));
        continue;
      }
      if (!attr.get().propagates()) {
        errors.add(
            String.format(
                "%s holds the process-local key %s, which must not propagate",
                where, attr.get().hoconPath()));
        continue;
      }
      decodeEntry(attr.get(), e.getValue(), where, errors, builders);
    }
    for (Attr<?> attr : HyperactorAttrs.all()) {
      if (attr.propagates() && !entries.containsKey(attr.name())) {
        errors.add(String.format("%s lacks the key %s", where, attr.hoconPath()));
      }
    }
  }

  private static void decodeEntry(
      Attr<?> attr,
      ConfigValue value,
      String where,
      List<String> errors,
      Map<ConfigLayer, ImmutableMap.Builder<Attr<?>, Object>> builders) {
    if (!(value instanceof ConfigObject entry)
        || !isString(entry.get("value"))
        || !isString(entry.get("layer"))) {
      errors.add(
          String.format(
              "%s: entry %s must be an object with string fields value and layer",
              where, attr.name()));
      return;
    }
    String text = (String) entry.get("value").unwrapped();
    String layerName = (String) entry.get("layer").unwrapped();
    ConfigLayer layer;
    try {
      layer = ConfigLayer.valueOf(layerName);
    } catch (IllegalArgumentException e) {
      errors.add(
          String.format(
              "%s: %s has layer '%s', expected one of %s",
              where, attr.hoconPath(), layerName, List.of(ConfigLayer.values())));
      return;
    }
    try {
      builders.get(layer).put(attr, attr.type().parse(text));
    } catch (IllegalArgumentException e) {
      errors.add(String.format("%s: %s: %s", where, attr.hoconPath(), ConfigReader.reason(e)));
    }
  }

  private static boolean isString(ConfigValue value) {
    return value != null && value.valueType() == ConfigValueType.STRING;
  }
}
