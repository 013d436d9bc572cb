package io.hyperactor.internal;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The concrete classes of a set of message types that can be listed: a final class (a record, for
 * one) stands for itself, and a sealed type for the classes it permits, recursively. A type that
 * cannot be listed (an open interface, a non-final class, an array type) contributes nothing.
 *
 * <p>Every class listed is a subtype of one of the types, so a message of a listed class is
 * accepted without an instance check; a message of any other class still gets one.
 */
final class ExactClasses {
  private ExactClasses() {}

  /** The listed classes of {@code types}, or none when there would be more than {@code limit}. */
  static Class<?>[] of(Iterable<Class<?>> types, int limit) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> type : types) {
      collect(type, type, found, limit);
    }
    return found.size() > limit ? new Class<?>[0] : found.toArray(new Class<?>[0]);
  }

  private static void collect(Class<?> root, Class<?> type, List<Class<?>> found, int limit) {
    if (found.size() > limit || type.isArray() || !root.isAssignableFrom(type)) {
      return;
    }
    if (Modifier.isFinal(type.getModifiers())) {
      if (!found.contains(type)) {
        found.add(type);
      }
      return;
    }
    Class<?>[] permitted = type.getPermittedSubclasses();
    if (permitted != null) {
      for (Class<?> subtype : permitted) {
        collect(root, subtype, found, limit);
      }
    }
  }
}
