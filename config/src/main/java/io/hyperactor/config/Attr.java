package io.hyperactor.config;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.jspecify.annotations.Nullable;

/**
 * One typed configuration key: its name, HOCON path, environment variable, type, default and
 * documentation.
 *
 * <p>Keys are declared once, in {@link HyperactorAttrs}; read them with {@link
 * HyperactorConfig#get}. Two keys are equal when their names are equal. Instances are immutable.
 *
 * @param <T> the Java type of the key's values
 */
public final class Attr<T> {

  /** The HOCON object every key lives under. */
  public static final String ROOT = "hyperactor";

  private final int index;
  private final String name;
  private final String envVar;
  private final AttrType<T> type;
  private final T defaultValue;
  private final String doc;
  private final boolean propagates;
  private final boolean reserved;

  Attr(
      int index,
      String name,
      String envVar,
      AttrType<T> type,
      T defaultValue,
      String doc,
      boolean propagates,
      boolean reserved) {
    checkArgument(
        name.matches("[a-z][a-z0-9_]*"), "config name %s is not lower_snake_case", name);
    checkArgument(!doc.isBlank(), "config key %s has no doc", name);
    this.index = index;
    this.name = name;
    this.envVar = checkNotNull(envVar, "envVar");
    this.type = checkNotNull(type, "type");
    this.defaultValue = type.validate(defaultValue);
    this.doc = doc;
    this.propagates = propagates;
    this.reserved = reserved;
  }

  /** The config name, e.g. {@code cleanup_timeout}. */
  public String name() {
    return name;
  }

  /** The HOCON path, e.g. {@code hyperactor.cleanup_timeout}. */
  public String hoconPath() {
    return ROOT + "." + name;
  }

  /** The environment variable, e.g. {@code HYPERACTOR_CLEANUP_TIMEOUT}, spelled as upstream. */
  public String envVar() {
    return envVar;
  }

  /** How values are parsed, validated and formatted. */
  public AttrType<T> type() {
    return type;
  }

  /** The default value, also written in {@code reference.conf}. */
  public T defaultValue() {
    return defaultValue;
  }

  /** One-line documentation: meaning, units, and any upstream quirk in the default. */
  public String doc() {
    return doc;
  }

  /**
   * True when the resolved value travels to child processes; false for process-local keys such
   * as the TLS material.
   */
  public boolean propagates() {
    return propagates;
  }

  /**
   * True when no runtime code reads this key yet: it is declared for parity with upstream, and
   * setting it has no effect. {@code reference.conf} and {@code docs/configuration.md} mark such
   * keys, loading warns when a layer sets one, and a test fails when the runtime's sources and
   * this flag disagree.
   */
  public boolean reserved() {
    return reserved;
  }

  /** The position of this key in {@link HyperactorAttrs#all()}; indexes resolved snapshots. */
  int index() {
    return index;
  }

  /** Formats a value of this key, which must have this key's type. */
  String formatUnchecked(Object value) {
    return type.format(cast(value));
  }

  @SuppressWarnings("unchecked") // callers only pass values parsed or validated by this key's type
  T cast(Object value) {
    return (T) value;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Attr<?> other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return hoconPath();
  }
}
