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
 */
final class AttrRegistryBuilder {
  private final List<Attr<?>> attrs = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private final Set<String> envVars = new HashSet<>();
  private boolean built;

  <T> Attr<T> add(String name, String envVar, AttrType<T> type, T defaultValue, String doc) {
    return add(name, envVar, type, defaultValue, doc, true);
  }

  <T> Attr<T> addLocal(String name, String envVar, AttrType<T> type, T defaultValue, String doc) {
    return add(name, envVar, type, defaultValue, doc, false);
  }

  private <T> Attr<T> add(
      String name,
      String envVar,
      AttrType<T> type,
      T defaultValue,
      String doc,
      boolean propagates) {
    checkState(!built, "registry already built");
    checkArgument(names.add(name), "duplicate config name %s", name);
    checkArgument(envVars.add(envVar), "duplicate environment variable %s", envVar);
    Attr<T> attr = new Attr<>(attrs.size(), name, envVar, type, defaultValue, doc, propagates);
    attrs.add(attr);
    return attr;
  }

  ImmutableList<Attr<?>> build() {
    built = true;
    return ImmutableList.copyOf(attrs);
  }
}
