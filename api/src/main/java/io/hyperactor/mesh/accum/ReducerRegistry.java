package io.hyperactor.mesh.accum;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.mesh.ValueOverlay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reducers a proc can run, by name.
 *
 * <p>A port reference carries its reducer as a {@link ReducerSpec} name; the proc that splits the
 * port looks the name up here. Each entry also records the update class the reducer accepts, so an
 * update of the wrong type is refused with a message naming both rather than failing inside the
 * reducer. Immutable and thread-safe.
 *
 * <pre>{@code
 * ReducerRegistry registry = ReducerRegistry.builder()
 *     .addBuiltins()
 *     .add(new ReducerSpec("myapp.longest"), String.class,
 *         (l, r) -> l.length() >= r.length() ? l : r)
 *     .build();
 * }</pre>
 */
public final class ReducerRegistry {
  private static final ReducerRegistry BUILTINS = builder().addBuiltins().build();

  private record Entry(Class<?> updateType, Reducer<?> reducer) {}

  private final ImmutableMap<String, Entry> entries;

  private ReducerRegistry(Map<String, Entry> entries) {
    this.entries = ImmutableMap.copyOf(entries);
  }

  /** The registry of the built-in reducers of {@link Reducers}. */
  public static ReducerRegistry builtins() {
    return BUILTINS;
  }

  /** An empty builder; call {@link Builder#addBuiltins()} to start from the built-ins. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code spec} names a registered reducer. */
  public boolean contains(ReducerSpec spec) {
    return entries.containsKey(checkNotNull(spec, "spec").name());
  }

  /** The registered names: an immutable set. */
  public Set<String> names() {
    return entries.keySet();
  }

  /**
   * The reducer {@code spec} names, with its updates checked to be of its update class.
   *
   * @throws IllegalArgumentException when no reducer is registered under the name
   */
  public Reducer<Object> resolve(ReducerSpec spec) {
    Entry entry = entry(spec);
    @SuppressWarnings("unchecked")
    Reducer<Object> reducer = (Reducer<Object>) entry.reducer();
    Class<?> type = entry.updateType();
    String name = spec.name();
    return (l, r) -> reducer.reduce(checkType(name, type, l), checkType(name, type, r));
  }

  /**
   * The reducer {@code spec} names, for updates of {@code type}.
   *
   * @throws IllegalArgumentException when no reducer is registered under the name, or it reduces
   *     another type
   */
  @SuppressWarnings("unchecked")
  public <T> Reducer<T> resolve(ReducerSpec spec, Class<T> type) {
    Entry entry = entry(spec);
    checkArgument(
        entry.updateType().equals(checkNotNull(type, "type")),
        "reducer '%s' reduces %s updates, not %s",
        spec.name(),
        entry.updateType().getName(),
        type.getName());
    return (Reducer<T>) entry.reducer();
  }

  /**
   * {@code updates} reduced left to right by the reducer {@code spec} names.
   *
   * @throws IllegalArgumentException when the name is unknown, the list is empty or an update is
   *     not of the reducer's update class
   */
  public Object reduceAll(ReducerSpec spec, List<?> updates) {
    return resolve(spec).reduceAll(updates);
  }

  private Entry entry(ReducerSpec spec) {
    checkNotNull(spec, "spec");
    Entry entry = entries.get(spec.name());
    if (entry == null) {
      throw new IllegalArgumentException(
          "unknown reducer '"
              + spec.name()
              + "': not registered in this proc's reducer registry (registered: "
              + entries.keySet()
              + ")");
    }
    return entry;
  }

  private static Object checkType(String name, Class<?> type, Object update) {
    checkNotNull(update, "update");
    if (!type.isInstance(update)) {
      throw new IllegalArgumentException(
          "reducer '"
              + name
              + "' reduces "
              + type.getName()
              + " updates; got "
              + update.getClass().getName());
    }
    return update;
  }

  @Override
  public String toString() {
    return "ReducerRegistry" + entries.keySet();
  }

  /** Collects reducers; each name may be registered once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Builder() {}

    /** Registers the built-in reducers of {@link Reducers}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Builder addBuiltins() {
      add(Reducers.SUM, Long.class, Reducers.sum());
      add(Reducers.MAX, Long.class, Reducers.max());
      add(Reducers.MIN, Long.class, Reducers.min());
      add(Reducers.MAX_UNSIGNED, Long.class, Reducers.maxUnsigned());
      add(Reducers.MIN_UNSIGNED, Long.class, Reducers.minUnsigned());
      add(Reducers.WATERMARK, WatermarkUpdate.class, (Reducer) Reducers.join());
      add(Reducers.GCOUNTER, GCounter.class, Reducers.<GCounter>join());
      add(Reducers.PNCOUNTER, PNCounter.class, Reducers.<PNCounter>join());
      add(Reducers.VALUE_OVERLAY, ValueOverlay.class, (Reducer) Reducers.valueOverlay());
      return this;
    }

    /**
     * Registers {@code reducer} for updates of {@code updateType} under {@code spec}'s name.
     *
     * @throws IllegalArgumentException when the name is already registered
     */
    public <T> Builder add(ReducerSpec spec, Class<T> updateType, Reducer<T> reducer) {
      checkNotNull(spec, "spec");
      checkNotNull(updateType, "updateType");
      checkNotNull(reducer, "reducer");
      checkArgument(
          !entries.containsKey(spec.name()), "reducer '%s' is already registered", spec.name());
      entries.put(spec.name(), new Entry(updateType, reducer));
      return this;
    }

    public ReducerRegistry build() {
      return new ReducerRegistry(entries);
    }
  }
}
