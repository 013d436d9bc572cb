package io.hyperactor.config;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolved hyperactor configuration: a value for every key of {@link HyperactorAttrs}, each
 * taken from the highest layer that sets it.
 *
 * <p>Layers, highest first ({@link ConfigLayer}), in upstream hyperactor's order:
 *
 * <ol>
 *   <li>test overrides: scoped {@link #override}s;
 *   <li>the process environment: {@code HYPERACTOR_*} environment variables and {@code
 *       -Dhyperactor.<key>=...} system properties, the system property winning when both are set;
 *   <li>runtime overrides: {@link #set};
 *   <li>the application file: the {@code hyperactor { }} object of {@code application.conf} or
 *       of a file the application names;
 *   <li>the registry defaults, mirrored in {@code reference.conf}.
 * </ol>
 *
 * <p>Loading validates everything and fails with a {@link ConfigValidationException} listing every
 * problem: a malformed value names the key, variable or property, the value and what was expected;
 * an unknown key under {@code hyperactor} in the file or in a {@code hyperactor.<name>} system
 * property names the closest known key. An unknown {@code HYPERACTOR_*} environment variable is
 * only a warning ({@link #warnings()}), because the environment is shared, and so is a value for a
 * {@linkplain Attr#reserved() reserved} key, which nothing reads yet.
 *
 * <p>Thread-safe. {@link #get} reads one volatile snapshot and is cheap enough for hot paths;
 * changes take a lock and publish a new snapshot.
 *
 * <p><b>Scoped overrides</b> are process-wide when made on {@link #global()}: every thread sees
 * them while they are open. They nest and must be closed in reverse order (LIFO); see {@link
 * ScopedOverride}. Tests that override the global configuration must therefore not run
 * concurrently with each other; under JUnit parallel execution, annotate them with {@code
 * @ResourceLock(HyperactorConfig.GLOBAL_RESOURCE_LOCK)}. Tests that only need a configuration
 * object, not the process-wide one, should build their own with {@link #load} instead.
 *
 * <p><b>Child processes</b> receive {@link #serializeForChild()} in the environment variable
 * {@value #CHILD_CONFIG_ENV}; {@link #global()} in the child restores it with {@link
 * #restoreInChild}, so the child resolves every propagating key exactly as the parent did.
 */
public final class HyperactorConfig {
  private static final Logger logger = LoggerFactory.getLogger(HyperactorConfig.class);

  /** The environment variable that carries {@link #serializeForChild()} to a child process. */
  public static final String CHILD_CONFIG_ENV = "HYPERACTOR_CONFIG";

  /**
   * {@code HYPERACTOR_*} environment variables that belong to process bootstrap, not to
   * configuration; they are neither keys nor reported as unknown. An immutable set.
   */
  public static final Set<String> BOOTSTRAP_ENV_VARS =
      ImmutableSet.of(
          "HYPERACTOR_HOST_PROC_ID",
          "HYPERACTOR_HOST_BACKEND_ADDR",
          "HYPERACTOR_HOST_CALLBACK_ADDR",
          "HYPERACTOR_HOST_POOL_MEMBER",
          "HYPERACTOR_CLIENT_CONFIG",
          "HYPERACTOR_HOST_PROC_MAIN_CLASS",
          "HYPERACTOR_HOST_CODECS",
          "HYPERACTOR_CLASSPATH",
          "HYPERACTOR_JAVA_OPTS",
          CHILD_CONFIG_ENV,
          "HYPERACTOR_MESH_BOOTSTRAP_MODE",
          "HYPERACTOR_PROCESS_NAME");

  /** JUnit {@code @ResourceLock} name for tests that override {@link #global()}. */
  public static final String GLOBAL_RESOURCE_LOCK = "io.hyperactor.config.HyperactorConfig.global";

  private static volatile @Nullable HyperactorConfig global;

  // Every layer as loaded (or restored from a parent), possibly empty; set() and the open scopes
  // are applied on top of RUNTIME and TEST_OVERRIDE respectively.
  private final ImmutableMap<ConfigLayer, ImmutableMap<Attr<?>, Object>> loadedLayers;
  private final ImmutableList<String> warnings;

  private final Object lock = new Object();
  // Guarded by lock: permanent runtime overrides, then the open scopes, oldest first.
  private final Map<Attr<?>, Object> runtime = new HashMap<>();
  // Guarded by lock: the client-override layer, replaced wholesale; starts as the loaded one.
  private ImmutableMap<Attr<?>, Object> clientOverrides;
  private final List<Scope> scopes = new ArrayList<>();
  private volatile Snapshot snapshot;

  private HyperactorConfig(
      Map<ConfigLayer, ImmutableMap<Attr<?>, Object>> layers, ImmutableList<String> warnings) {
    EnumMap<ConfigLayer, ImmutableMap<Attr<?>, Object>> all = new EnumMap<>(ConfigLayer.class);
    for (ConfigLayer layer : ConfigLayer.values()) {
      all.put(layer, layers.getOrDefault(layer, ImmutableMap.of()));
    }
    this.loadedLayers = ImmutableMap.copyOf(all);
    this.clientOverrides = all.get(ConfigLayer.CLIENT_OVERRIDE);
    this.warnings = warnings;
    this.snapshot = resolve();
  }

  // ---------------------------------------------------------------- construction

  /**
   * The process-wide configuration, loaded on first use: in a child process started with {@value
   * #CHILD_CONFIG_ENV}, the parent's configuration; otherwise the defaults, {@code
   * application.conf} (Typesafe Config's default application file, which honours {@code
   * -Dconfig.file}), and the process's environment variables and system properties.
   *
   * @throws ConfigValidationException if the configuration is invalid; the next call tries again
   */
  public static HyperactorConfig global() {
    HyperactorConfig config = global;
    if (config == null) {
      synchronized (HyperactorConfig.class) {
        config = global;
        if (config == null) {
          config = loadProcessConfig();
          global = config;
        }
      }
    }
    return config;
  }

  /**
   * Installs the process-wide configuration, for applications that name their own file or
   * bootstrap code that restores a parent's configuration.
   *
   * @throws IllegalStateException if {@link #global()} was already loaded or installed
   */
  public static void initializeGlobal(HyperactorConfig config) {
    checkNotNull(config, "config");
    synchronized (HyperactorConfig.class) {
      checkState(
          global == null,
          "the global hyperactor configuration is already initialized; call initializeGlobal"
              + " before anything reads HyperactorConfig.global()");
      global = config;
    }
  }

  private static HyperactorConfig loadProcessConfig() {
    return loadProcess(System.getenv(), System.getProperties(), ConfigFactory::defaultApplication);
  }

  /**
   * What {@link #global()} would load in this JVM were its environment {@code env}: for a pooled
   * child JVM, whose real environment predates its assignment and so lacks the parent's
   * configuration, to build the configuration it installs with {@link #initializeGlobal}.
   *
   * @throws ConfigValidationException if the configuration is invalid
   */
  public static HyperactorConfig loadForEnvironment(Map<String, String> env) {
    checkNotNull(env, "env");
    return loadProcess(env, System.getProperties(), ConfigFactory::defaultApplication);
  }

  /**
   * What {@link #global()} loads for a process with environment {@code env} and system
   * properties {@code systemProperties}: the parent's configuration when {@value
   * #CHILD_CONFIG_ENV} is set, else the layers over {@code applicationFile}.
   */
  static HyperactorConfig loadProcess(
      Map<String, String> env, Properties systemProperties, Supplier<Config> applicationFile) {
    String serialized = env.get(CHILD_CONFIG_ENV);
    if (serialized != null) {
      return restoreInChild(serialized, env, systemProperties);
    }
    Config application;
    try {
      application = applicationFile.get();
    } catch (ConfigException e) {
      throw new ConfigValidationException(List.of("application file: " + e.getMessage()));
    }
    return load(env, systemProperties, application);
  }

  /**
   * Loads a configuration from environment variables and an application file, without system
   * properties: the same as {@link #load(Map, Properties, Config)} with no properties.
   *
   * @throws ConfigValidationException listing every invalid value and unknown key
   */
  public static HyperactorConfig load(Map<String, String> env, Config applicationFile) {
    return load(env, new Properties(), applicationFile);
  }

  /**
   * Loads a configuration from explicit sources: {@code env} and {@code systemProperties} form the
   * environment layer (a property beats a variable), above the {@code hyperactor} object of {@code
   * applicationFile}, above the defaults.
   *
   * @param env environment variables, e.g. {@code System.getenv()} or a test's map
   * @param systemProperties system properties, e.g. {@code System.getProperties()}; only those
   *     named {@code hyperactor.<key>} are read, and other {@code hyperactor.<name>} properties
   *     are errors, while deeper names such as {@code hyperactor.build.root} are left alone
   * @param applicationFile the application's HOCON tree ({@code ConfigFactory.empty()} for none);
   *     only its {@code hyperactor} object is read, and values from {@code reference.conf} count
   *     as defaults, while values merged in from system properties (as {@code ConfigFactory.load()}
   *     does) are left to {@code systemProperties}
   * @throws ConfigValidationException listing every invalid value and unknown key
   */
  public static HyperactorConfig load(
      Map<String, String> env, Properties systemProperties, Config applicationFile) {
    checkNotNull(env, "env");
    checkNotNull(systemProperties, "systemProperties");
    checkNotNull(applicationFile, "applicationFile");
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    ImmutableMap<Attr<?>, Object> envValues =
        ConfigReader.readEnv(env, attr -> true, true, errors, warnings);
    ImmutableMap<Attr<?>, Object> propertyValues =
        ConfigReader.readSystemProperties(systemProperties, attr -> true, errors);
    ImmutableMap<Attr<?>, Object> fileValues = ImmutableMap.of();
    try {
      fileValues = ConfigReader.readHocon(applicationFile.resolve(), errors);
    } catch (ConfigException e) {
      errors.add("application file: " + e.getMessage());
    }
    if (!errors.isEmpty()) {
      throw new ConfigValidationException(errors);
    }
    warnAboutReserved(
        envValues.keySet(), attr -> "environment variable " + attr.envVar(), warnings);
    warnAboutReserved(
        propertyValues.keySet(), attr -> "system property " + attr.hoconPath(), warnings);
    warnAboutReserved(fileValues.keySet(), attr -> "the application file", warnings);
    return new HyperactorConfig(
        ImmutableMap.of(
            ConfigLayer.DEFAULT, defaults(),
            ConfigLayer.FILE, fileValues,
            ConfigLayer.ENV, keepingLast(envValues, propertyValues)),
        ImmutableList.copyOf(warnings));
  }

  /**
   * Loads a configuration with the application file at {@code file}, without system properties.
   *
   * @throws ConfigValidationException if the file is missing or unparsable, or any value is
   *     invalid
   */
  public static HyperactorConfig load(Map<String, String> env, Path file) {
    return load(env, new Properties(), file);
  }

  /**
   * Loads a configuration with the application file at {@code file}; otherwise as {@link
   * #load(Map, Properties, Config)}.
   *
   * @throws ConfigValidationException if the file is missing or unparsable, or any value is
   *     invalid
   */
  public static HyperactorConfig load(
      Map<String, String> env, Properties systemProperties, Path file) {
    checkNotNull(file, "file");
    Config parsed;
    try {
      parsed =
          ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigValidationException(
          List.of(String.format("application file %s: %s", file, e.getMessage())));
    }
    return load(env, systemProperties, parsed);
  }

  /** A configuration with the registry defaults only; convenient for tests. */
  public static HyperactorConfig defaultsOnly() {
    return new HyperactorConfig(
        ImmutableMap.of(ConfigLayer.DEFAULT, defaults()), ImmutableList.of());
  }

  /**
   * Restores, in a child process, a configuration serialized by {@link #serializeForChild()}.
   *
   * <p>Every propagating key gets exactly the parent's value and layer, whatever the child's own
   * environment says. Process-local keys ({@link Attr#propagates()} false, such as the TLS
   * material) are resolved from {@code env} over the defaults.
   *
   * @throws ConfigValidationException if the text is malformed, names an unknown or process-local
   *     key, lacks a propagating key, or holds an invalid value
   */
  public static HyperactorConfig restoreInChild(String serialized, Map<String, String> env) {
    return restoreInChild(serialized, env, new Properties());
  }

  /**
   * As {@link #restoreInChild(String, Map)}, with process-local keys also read from {@code
   * systemProperties}.
   */
  static HyperactorConfig restoreInChild(
      String serialized, Map<String, String> env, Properties systemProperties) {
    checkNotNull(serialized, "serialized");
    checkNotNull(env, "env");
    checkNotNull(systemProperties, "systemProperties");
    List<String> errors = new ArrayList<>();
    Map<ConfigLayer, ImmutableMap<Attr<?>, Object>> layers =
        ChildConfigCodec.decode(serialized, errors);
    ImmutableMap<Attr<?>, Object> localEnv =
        keepingLast(
            ConfigReader.readEnv(env, attr -> !attr.propagates(), false, errors, new ArrayList<>()),
            ConfigReader.readSystemProperties(
                systemProperties, attr -> !attr.propagates(), errors));
    if (!errors.isEmpty()) {
      throw new ConfigValidationException(errors);
    }
    Map<ConfigLayer, ImmutableMap<Attr<?>, Object>> restored = new EnumMap<>(layers);
    restored.put(ConfigLayer.DEFAULT, keepingLast(defaults(), layers.get(ConfigLayer.DEFAULT)));
    restored.put(ConfigLayer.ENV, keepingLast(localEnv, layers.get(ConfigLayer.ENV)));
    return new HyperactorConfig(restored, ImmutableList.of());
  }

  private static ImmutableMap<Attr<?>, Object> defaults() {
    ImmutableMap.Builder<Attr<?>, Object> defaults = ImmutableMap.builder();
    for (Attr<?> attr : HyperactorAttrs.all()) {
      defaults.put(attr, attr.defaultValue());
    }
    return defaults.buildOrThrow();
  }

  /** {@code low} overlaid with {@code high}: a key in both takes {@code high}'s value. */
  private static ImmutableMap<Attr<?>, Object> keepingLast(
      Map<Attr<?>, Object> low, Map<Attr<?>, Object> high) {
    return ImmutableMap.<Attr<?>, Object>builder().putAll(low).putAll(high).buildKeepingLast();
  }

  private static void warnAboutReserved(
      Iterable<Attr<?>> attrs, Function<Attr<?>, String> source, List<String> warnings) {
    for (Attr<?> attr : attrs) {
      if (attr.reserved()) {
        String warning =
            String.format(
                "%s is reserved: nothing reads it yet, so the value from %s has no effect",
                attr.hoconPath(), source.apply(attr));
        logger.warn("{}", warning);
        warnings.add(warning);
      }
    }
  }

  // ---------------------------------------------------------------- reads

  /** The current value of a key. Cheap: one volatile read and an array lookup. */
  public <T> T get(Attr<T> attr) {
    return attr.cast(snapshot.values[attr.index()]);
  }

  /** The layer the current value of a key comes from. */
  public ConfigLayer layerOf(Attr<?> attr) {
    return snapshot.layers[attr.index()];
  }

  /**
   * Warnings found while loading, such as unknown {@code HYPERACTOR_*} environment variables: an
   * immutable list.
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Every key with its current value, in normalized text form, and the layer it came from: an
   * immutable list, in declaration order.
   */
  public List<ConfigEntry> dump() {
    Snapshot s = snapshot;
    ImmutableList.Builder<ConfigEntry> entries = ImmutableList.builder();
    for (Attr<?> attr : HyperactorAttrs.all()) {
      int i = attr.index();
      entries.add(new ConfigEntry(attr.name(), attr.formatUnchecked(s.values[i]), s.layers[i]));
    }
    return entries.build();
  }

  /** {@link #dump()} as an aligned text table with the columns {@code key  value  layer}. */
  public String formatDump() {
    return ConfigDumpFormatter.format(dump());
  }

  /**
   * The resolved values of every propagating key, with their layers, as text for a child process
   * to pass to {@link #restoreInChild}. Scoped overrides open at the time of the call are included
   * as test-override values.
   */
  public String serializeForChild() {
    return ChildConfigCodec.encode(dump());
  }

  // ---------------------------------------------------------------- runtime overrides

  /**
   * Overrides a key in the test-override layer, the highest, until the returned handle is closed.
   * Meant for tests: it beats even the environment.
   *
   * @throws IllegalArgumentException naming the key and value if the value is invalid
   */
  public <T> ScopedOverride override(Attr<T> attr, T value) {
    return openScope(ImmutableMap.of(attr, checked(attr, value)));
  }

  /**
   * Overrides several keys in the test-override layer, given as text and keyed by config name or
   * HOCON path, until the returned handle is closed. Nothing is applied unless every entry is
   * valid.
   *
   * @throws ConfigValidationException naming each unknown key (with the closest known key) and
   *     each invalid value
   */
  public ScopedOverride override(Map<String, String> overrides) {
    return openScope(parseOverrides(overrides));
  }

  /**
   * Sets a key in the runtime layer, for the life of this configuration. The value beats the
   * application file and the defaults, but an environment variable or system property for the
   * key still wins, as do open scoped overrides.
   *
   * @throws IllegalArgumentException naming the key and value if the value is invalid
   */
  public <T> void set(Attr<T> attr, T value) {
    Object v = checked(attr, value);
    synchronized (lock) {
      runtime.put(attr, v);
      snapshot = resolve();
    }
  }

  /**
   * Sets keys in the runtime layer from text, keyed by config name or HOCON path; as {@link
   * #set(Attr, Object)}. Nothing is applied unless every entry is valid.
   *
   * @throws ConfigValidationException naming each unknown key and each invalid value
   */
  public void set(Map<String, String> overrides) {
    ImmutableMap<Attr<?>, Object> values = parseOverrides(overrides);
    synchronized (lock) {
      runtime.putAll(values);
      snapshot = resolve();
    }
  }

  /**
   * Replaces the client-override layer with {@code overrides}, keyed by config name or HOCON path:
   * the configuration of the mesh client that created this proc or attached to this host. It beats
   * the defaults and nothing else, so what this process was given itself (file, environment,
   * runtime settings) still wins. Nothing is applied unless every entry is valid.
   *
   * @throws ConfigValidationException naming each unknown key and each invalid value
   */
  public void setClientOverrides(Map<String, String> overrides) {
    ImmutableMap<Attr<?>, Object> values = parseOverrides(overrides);
    synchronized (lock) {
      clientOverrides = values;
      snapshot = resolve();
    }
  }

  /**
   * The resolved value of every propagating key as text, keyed by config name: what a mesh client
   * sends its hosts and procs as their client-override layer. An immutable map, in the order of
   * {@link HyperactorAttrs#all()}.
   */
  public Map<String, String> propagatingValues() {
    Snapshot s = snapshot;
    ImmutableMap.Builder<String, String> out = ImmutableMap.builder();
    for (Attr<?> attr : HyperactorAttrs.all()) {
      if (attr.propagates()) {
        out.put(attr.name(), attr.formatUnchecked(s.values[attr.index()]));
      }
    }
    return out.buildOrThrow();
  }

  private static ImmutableMap<Attr<?>, Object> parseOverrides(Map<String, String> overrides) {
    checkNotNull(overrides, "overrides");
    List<String> errors = new ArrayList<>();
    ImmutableMap<Attr<?>, Object> values = ConfigReader.readOverrides(overrides, errors);
    if (!errors.isEmpty()) {
      throw new ConfigValidationException(errors);
    }
    return values;
  }

  private static <T> Object checked(Attr<T> attr, T value) {
    checkNotNull(attr, "attr");
    checkNotNull(value, "value for %s", attr.hoconPath());
    // Guards against raw-typed callers slipping a value of the wrong class past the generics.
    checkArgument(
        attr.type().valueClass().isInstance(value),
        "%s: %s is a %s, expected %s",
        attr.hoconPath(),
        value,
        value.getClass().getName(),
        attr.type().expected());
    try {
      return attr.type().validate(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(attr.hoconPath() + ": " + e.getMessage(), e);
    }
  }

  private ScopedOverride openScope(ImmutableMap<Attr<?>, Object> values) {
    Scope scope = new Scope(values);
    synchronized (lock) {
      scopes.add(scope);
      snapshot = resolve();
    }
    return scope;
  }

  private void closeScope(Scope scope) {
    synchronized (lock) {
      int position = scopes.lastIndexOf(scope);
      if (position < 0) {
        return; // already closed
      }
      if (position != scopes.size() - 1) {
        Scope newest = scopes.get(scopes.size() - 1);
        throw new IllegalStateException(
            String.format(
                "scoped override of %s closed out of order: the newer override of %s is still"
                    + " open; close overrides in reverse order of opening (try-with-resources)",
                scope.keys(), newest.keys()));
      }
      scopes.remove(position);
      snapshot = resolve();
    }
  }

  // Called with lock held, or from the constructor.
  private Snapshot resolve() {
    List<Attr<?>> attrs = HyperactorAttrs.all();
    Object[] values = new Object[attrs.size()];
    ConfigLayer[] layers = new ConfigLayer[attrs.size()];
    // ConfigLayer lists the layers lowest first, so each one overwrites those below it.
    for (Map.Entry<ConfigLayer, ImmutableMap<Attr<?>, Object>> layer : loadedLayers.entrySet()) {
      if (layer.getKey() == ConfigLayer.CLIENT_OVERRIDE) {
        apply(clientOverrides, ConfigLayer.CLIENT_OVERRIDE, values, layers);
        continue;
      }
      apply(layer.getValue(), layer.getKey(), values, layers);
      if (layer.getKey() == ConfigLayer.RUNTIME) {
        apply(runtime, ConfigLayer.RUNTIME, values, layers);
      } else if (layer.getKey() == ConfigLayer.TEST_OVERRIDE) {
        for (Scope scope : scopes) {
          apply(scope.values, ConfigLayer.TEST_OVERRIDE, values, layers);
        }
      }
    }
    return new Snapshot(values, layers);
  }

  private static void apply(
      Map<Attr<?>, Object> source, ConfigLayer layer, Object[] values, ConfigLayer[] layers) {
    for (Map.Entry<Attr<?>, Object> entry : source.entrySet()) {
      values[entry.getKey().index()] = entry.getValue();
      layers[entry.getKey().index()] = layer;
    }
  }

  @Override
  public String toString() {
    return formatDump();
  }

  /** Resolved values and their layers, indexed by {@link Attr#index()}; never mutated. */
  private record Snapshot(Object[] values, ConfigLayer[] layers) {}

  private final class Scope implements ScopedOverride {
    private final ImmutableMap<Attr<?>, Object> values;

    Scope(ImmutableMap<Attr<?>, Object> values) {
      this.values = values;
    }

    String keys() {
      return values.keySet().toString();
    }

    @Override
    public void close() {
      closeScope(this);
    }
  }
}
