package io.hyperactor.config;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one layer of values from the environment, system properties, a HOCON tree or a map of
 * overrides, collecting every error and warning instead of stopping at the first. Stateless.
 */
final class ConfigReader {
  private static final Logger logger = LoggerFactory.getLogger(ConfigReader.class);

  /** The prefix of upstream's environment variables; unknown ones get a warning. */
  static final String ENV_PREFIX = "HYPERACTOR_";

  /** The prefix of the system properties that set keys: {@code hyperactor.cleanup_timeout}. */
  static final String PROPERTY_PREFIX = Attr.ROOT + ".";

  /** The origin Typesafe Config gives values it takes from system properties. */
  private static final String SYSTEM_PROPERTIES_ORIGIN = "system properties";

  private ConfigReader() {}

  /**
   * Parses the environment variables of the keys that pass {@code filter}. Unknown {@code
   * HYPERACTOR_*} variables that are not bootstrap variables produce a warning, not an error:
   * the environment is shared with other programs and older or newer releases.
   */
  static ImmutableMap<Attr<?>, Object> readEnv(
      Map<String, String> env,
      Predicate<Attr<?>> filter,
      boolean warnUnknown,
      List<String> errors,
      List<String> warnings) {
    ImmutableMap.Builder<Attr<?>, Object> values = ImmutableMap.builder();
    for (Attr<?> attr : HyperactorAttrs.all()) {
      String text = env.get(attr.envVar());
      if (text == null || !filter.test(attr)) {
        continue;
      }
      try {
        values.put(attr, attr.type().parse(text));
      } catch (IllegalArgumentException e) {
        errors.add(
            String.format(
                "environment variable %s (key %s): %s", attr.envVar(), attr.hoconPath(), reason(e)));
      }
    }
    if (warnUnknown) {
      // Sorted so warnings come out in a stable order whatever the map's iteration order.
      for (String name : ImmutableSortedMap.copyOf(env).keySet()) {
        if (name.startsWith(ENV_PREFIX)
            && HyperactorAttrs.byEnvVar(name).isEmpty()
            && !HyperactorConfig.BOOTSTRAP_ENV_VARS.contains(name)) {
          String closest = ClosestName.closest(name, envVarNames());
          String warning =
              String.format(
                  "environment variable %s is not a hyperactor config key; ignoring it (did you"
                      + " mean %s, key %s?)",
                  name, closest, HyperactorAttrs.byEnvVar(closest).orElseThrow().hoconPath());
          logger.warn("{}", warning);
          warnings.add(warning);
        }
      }
    }
    return values.buildOrThrow();
  }

  /**
   * Parses the system properties named {@code hyperactor.<key>} for the keys that pass {@code
   * filter}. A property {@code hyperactor.<name>} whose name is not a key is an error naming the
   * closest key: unlike the environment, system properties are given to this JVM alone. Deeper
   * names ({@code hyperactor.build.root}) cannot be keys, which are flat, and are left to whoever
   * set them.
   */
  static ImmutableMap<Attr<?>, Object> readSystemProperties(
      Properties properties, Predicate<Attr<?>> filter, List<String> errors) {
    ImmutableMap.Builder<Attr<?>, Object> values = ImmutableMap.builder();
    // Sorted so errors come out in a stable order.
    for (String property : ImmutableSortedSet.copyOf(properties.stringPropertyNames())) {
      if (!property.startsWith(PROPERTY_PREFIX)) {
        continue;
      }
      String name = property.substring(PROPERTY_PREFIX.length());
      if (name.contains(".")) {
        continue;
      }
      Optional<Attr<?>> attr = HyperactorAttrs.byName(name);
      if (attr.isEmpty()) {
        errors.add(unknownKey(name, "system property"));
        continue;
      }
      if (!filter.test(attr.get())) {
        continue;
      }
      String text = properties.getProperty(property);
      if (text == null) {
        continue; // removed concurrently
      }
      try {
        values.put(attr.get(), attr.get().type().parse(text));
      } catch (IllegalArgumentException e) {
        errors.add(String.format("system property %s: %s", property, reason(e)));
      }
    }
    return values.buildOrThrow();
  }

  /**
   * Parses the {@code hyperactor} object of a resolved HOCON tree. Other roots belong to the
   * application and are ignored, as are subtrees another module declares in its own {@code
   * reference.conf}; values that come from a {@code reference.conf} are defaults, not
   * file settings, and values that come from system properties belong to the environment layer
   * ({@link #readSystemProperties}); both are skipped so a tree from {@code ConfigFactory.load()}
   * reports its layers truthfully.
   */
  static ImmutableMap<Attr<?>, Object> readHocon(Config config, List<String> errors) {
    ImmutableMap.Builder<Attr<?>, Object> values = ImmutableMap.builder();
    ConfigValue rootValue = config.root().get(Attr.ROOT);
    if (rootValue == null || notFromTheFile(rootValue.origin())) {
      return values.buildOrThrow();
    }
    if (!(rootValue instanceof ConfigObject root)) {
      errors.add(
          String.format(
              "%s (%s): expected an object of config keys, got %s",
              Attr.ROOT,
              rootValue.origin().description(),
              rootValue.valueType().name().toLowerCase()));
      return values.buildOrThrow();
    }
    for (Map.Entry<String, ConfigValue> entry : ImmutableSortedMap.copyOf(root).entrySet()) {
      ConfigValue value = entry.getValue();
      if (notFromTheFile(value.origin())) {
        continue;
      }
      String where = value.origin().description();
      Optional<Attr<?>> attr = HyperactorAttrs.byName(entry.getKey());
      if (attr.isEmpty()) {
        if (!declaredByAnotherModule(entry.getKey())) {
          errors.add(unknownKey(entry.getKey(), where));
        }
        continue;
      }
      try {
        values.put(attr.get(), parseHoconValue(attr.get(), value));
      } catch (IllegalArgumentException e) {
        errors.add(String.format("%s (%s): %s", attr.get().hoconPath(), where, reason(e)));
      }
    }
    return values.buildOrThrow();
  }

  /**
   * Parses overrides given as text, keyed by config name or HOCON path ({@code cleanup_timeout}
   * or {@code hyperactor.cleanup_timeout}).
   */
  static ImmutableMap<Attr<?>, Object> readOverrides(
      Map<String, String> overrides, List<String> errors) {
    ImmutableMap.Builder<Attr<?>, Object> values = ImmutableMap.builder();
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      String name = entry.getKey();
      if (name.startsWith(Attr.ROOT + ".")) {
        name = name.substring(Attr.ROOT.length() + 1);
      }
      Optional<Attr<?>> attr = HyperactorAttrs.byName(name);
      if (attr.isEmpty()) {
        errors.add(unknownKey(name, "runtime override"));
        continue;
      }
      try {
        values.put(attr.get(), attr.get().type().parse(entry.getValue()));
      } catch (IllegalArgumentException e) {
        errors.add(String.format("%s (runtime override): %s", attr.get().hoconPath(), reason(e)));
      }
    }
    return values.buildKeepingLast();
  }

  /** The message for a name under {@code hyperactor} that is not a key. */
  static String unknownKey(String name, String where) {
    return String.format(
        "unknown key %s.%s (%s); did you mean %s.%s?",
        Attr.ROOT,
        name,
        where,
        Attr.ROOT,
        ClosestName.closest(name, configNames()));
  }

  private static Object parseHoconValue(Attr<?> attr, ConfigValue value) {
    ConfigValueType type = value.valueType();
    // A list-valued key (tls_allowed_subjects) also takes a HOCON list of strings.
    if (value instanceof ConfigList list
        && attr.type().valueClass() == List.class
        && list.stream().allMatch(v -> v.valueType() == ConfigValueType.STRING)) {
      return attr.type()
          .parse(
              list.stream()
                  .map(v -> checkNoSeparator(String.valueOf(v.unwrapped())))
                  .collect(Collectors.joining(";")));
    }
    return switch (type) {
      case STRING, NUMBER, BOOLEAN -> attr.type().parse(String.valueOf(value.unwrapped()));
      case NULL -> {
        // HOCON null is how a file disables an optional key; for other keys it is a mistake.
        if (attr.type().valueClass() == Optional.class) {
          yield attr.type().parse("");
        }
        throw new IllegalArgumentException("null is not " + attr.type().expected());
      }
      case OBJECT, LIST ->
          throw new IllegalArgumentException(
              String.format(
                  "'%s' is not %s: got %s",
                  value.render(ConfigRenderOptions.concise()),
                  attr.type().expected(),
                  type == ConfigValueType.OBJECT ? "an object" : "a list"));
    };
  }

  private static String checkNoSeparator(String element) {
    if (element.contains(";")) {
      throw new IllegalArgumentException("list element '" + element + "' must not contain ';'");
    }
    return element;
  }

  /**
   * True when some module's {@code reference.conf} declares {@code hyperactor.<name>} (for
   * example a transport's own subtree); that subtree is that module's to validate.
   */
  private static boolean declaredByAnotherModule(String name) {
    try {
      return ConfigFactory.defaultReference().hasPathOrNull(ConfigUtil.joinPath(Attr.ROOT, name));
    } catch (ConfigException e) {
      return false;
    }
  }

  /** True for values from a {@code reference.conf} or from system properties. */
  private static boolean notFromTheFile(ConfigOrigin origin) {
    String resource = origin.resource();
    return (resource != null && resource.endsWith("reference.conf"))
        || SYSTEM_PROPERTIES_ORIGIN.equals(origin.description());
  }

  /** The reason of a parse failure, which type implementations put in the message. */
  static String reason(IllegalArgumentException e) {
    return String.valueOf(e.getMessage());
  }

  private static ImmutableSet<String> configNames() {
    return HyperactorAttrs.all().stream().map(Attr::name).collect(ImmutableSet.toImmutableSet());
  }

  private static ImmutableSet<String> envVarNames() {
    return HyperactorAttrs.all().stream()
        .map(Attr::envVar)
        .collect(ImmutableSet.toImmutableSet());
  }
}
