package io.hyperactor.config;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the keys of {@link HyperactorAttrs} in declaration order, giving each its index and
 * rejecting duplicate names or environment variables. Not thread-safe: used only during the
 * registry's static initialization.
 *
 * <p>The four ways to declare a key differ in one word, so a reserved key becomes a read one by
 * renaming {@code reserved} to {@code add} (or {@code reservedLocal} to {@code addLocal}):
 *
 * <ul>
 *   <li>{@link #add}: read by the runtime, propagated to child processes;
 *   <li>{@link #addLocal}: read by the runtime, process-local;
 *   <li>{@link #reserved}: not read yet ({@link Attr#reserved()}), propagated;
 *   <li>{@link #reservedLocal}: not read yet, process-local.
 * </ul>
 */
final class AttrRegistryBuilder {
  private final List<Attr<?>> attrs = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private final Set<String> envVars = new HashSet<>();
  private boolean built;

  <T> Attr<T> add(String name, String envVar, AttrType<T> type, T defaultValue, String doc) {
    return add(name, envVar, type, defaultValue, doc, true, false);
  }

  <T> Attr<T> addLocal(String name, String envVar, AttrType<T> type, T defaultValue, String doc) {
    return add(name, envVar, type, defaultValue, doc, false, false);
  }

  <T> Attr<T> reserved(String name, String envVar, AttrType<T> type, T defaultValue, String doc) {
    return add(name, envVar, type, defaultValue, doc, true, true);
  }

  <T> Attr<T> reservedLocal(
      String name, String envVar, AttrType<T> type, T defaultValue, String doc) {
    return add(name, envVar, type, defaultValue, doc, false, true);
  }

  private <T> Attr<T> add(
      String name,
      String envVar,
      AttrType<T> type,
      T defaultValue,
      String doc,
      boolean propagates,
      boolean reserved) {
    checkState(!built, "registry already built");
    checkArgument(names.add(name), "duplicate config name %s", name);
    checkArgument(envVars.add(envVar), "duplicate environment variable %s", envVar);
    Attr<T> attr =
        new Attr<>(attrs.size(), name, envVar, type, defaultValue, doc, propagates, reserved);
    attrs.add(attr);
    return attr;
  }

  ImmutableList<Attr<?>> build() {
    built = true;
    return ImmutableList.copyOf(attrs);
  }
}
