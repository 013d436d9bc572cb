package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.primitives.Primitives;
import io.hyperactor.codec.CodecException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * The accessors and canonical constructor of one registered record type, looked up once at
 * registration.
 */
final class RecordCodec {
  final String typeName;
  final Class<?> type;
  private final String[] names;
  private final Class<?>[] componentTypes;
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;

  RecordCodec(String typeName, Class<?> type) {
    checkArgument(type.isRecord(), "%s is not a record", type.getName());
    this.typeName = typeName;
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    names = new String[components.length];
    componentTypes = new Class<?>[components.length];
    accessors = new MethodHandle[components.length];
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      for (int i = 0; i < components.length; i++) {
        names[i] = components[i].getName();
        componentTypes[i] = components[i].getType();
        Method accessor = components[i].getAccessor();
        accessor.setAccessible(true);
        accessors[i] =
            lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
      }
      Constructor<?> canonical = type.getDeclaredConstructor(componentTypes);
      canonical.setAccessible(true);
      Class<?>[] erased = new Class<?>[components.length];
      Arrays.fill(erased, Object.class);
      constructor =
          lookup
              .unreflectConstructor(canonical)
              .asType(MethodType.methodType(Object.class, erased))
              .asSpreader(Object[].class, components.length);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot register record " + type.getName() + " as '" + typeName + "': " + e, e);
    }
  }

  int arity() {
    return accessors.length;
  }

  Object component(Object record, int i) {
    try {
      return accessors[i].invokeExact(record);
    } catch (Throwable t) {
      throw new CodecException(
          "cannot read component '" + names[i] + "' of " + typeName + ": " + t, t);
    }
  }

  /** Builds the record, checking each decoded value against its component type first. */
  Object construct(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      Class<?> expected = Primitives.wrap(componentTypes[i]);
      Object v = values[i];
      if (v == null) {
        if (componentTypes[i].isPrimitive()) {
          throw new CodecException(
              typeName + "." + names[i] + ": null for primitive " + componentTypes[i]);
        }
      } else if (!expected.isInstance(v)) {
        throw new CodecException(
            typeName
                + "."
                + names[i]
                + ": expected "
                + expected.getSimpleName()
                + ", got "
                + v.getClass().getSimpleName());
      }
    }
    try {
      return constructor.invokeExact(values);
    } catch (Throwable t) {
      throw new CodecException("cannot construct " + typeName + ": " + t.getMessage(), t);
    }
  }
}
