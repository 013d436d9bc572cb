package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.hyperactor.codec.CodecException;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.codec.MessageCodecs;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The types a proc may receive from the wire, each under a stable type name, and how to encode and
 * decode them.
 *
 * <p>Protobuf messages are encoded natively; records, enums and sealed hierarchies of them use a
 * compact tagged encoding whose record constructors and accessors are looked up once, at
 * registration. Strings, numbers, booleans, byte arrays, lists, sets, maps, optionals, UUIDs,
 * durations, instants, ids, refs, {@code Undeliverable} and {@code DeliveryError} are built in, and
 * so are the runtime's mesh values ({@code ValueMesh}, {@code ValueOverlay}) and the updates of
 * its built-in reducers ({@code GCounter}, {@code PNCounter}, {@code WatermarkUpdate}).
 *
 * <p>Only registered types are ever instantiated: a type name is looked up in this registry and
 * never taken as a class name, so bytes from the wire cannot name an arbitrary class. An unknown
 * name fails decoding with a {@link CodecException} that names it. Immutable and thread-safe.
 *
 * <pre>{@code
 * CodecRegistry registry = CodecRegistry.builder()
 *     .record("demo.Ping", Ping.class)
 *     .sealed("demo.Command", Command.class)
 *     .proto("demo.Job", Job.class, Job.parser())
 *     .build();
 * }</pre>
 */
public final class CodecRegistry implements MessageCodecs {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:$<>-]*");

  /** A registered enum's name and constants. */
  record EnumEntry(String typeName, Class<? extends Enum<?>> type) {}

  /** A registered Protobuf message's name and parser. */
  record ProtoEntry(String typeName, Class<?> type, Parser<?> parser) {}

  private final ImmutableMap<String, Object> byName;
  private final ImmutableMap<Class<?>, Object> byClass;
  private final ValueCodec values = new ValueCodec(this);
  /** The envelope codec's memo of id texts. */
  final IdTexts ids = new IdTexts();

  private CodecRegistry(Map<String, Object> byName, Map<Class<?>, Object> byClass) {
    this.byName = ImmutableMap.copyOf(byName);
    this.byClass = ImmutableMap.copyOf(byClass);
  }

  /** A builder that starts with the built-in types only. */
  public static Builder builder() {
    return new Builder();
  }

  /** A registry of the built-in types only. */
  public static CodecRegistry builtins() {
    return builder().build();
  }

  /** True when {@code typeName} is a registered or built-in type name. */
  @Override
  public boolean isKnown(String typeName) {
    return byName.containsKey(typeName) || ValueCodec.isBuiltinName(typeName);
  }

  /** The type name {@code value} travels under. */
  @Override
  public String typeNameOf(Object value) {
    return values.typeNameOf(value);
  }

  /**
   * The encoded form of {@code value}.
   *
   * @throws CodecException naming the class when it, or a value inside it, is not registered
   */
  @Override
  public byte[] encode(Object value) {
    checkNotNull(value, "value");
    return values.encode(value);
  }

  /**
   * Decodes {@code bytes} sent as {@code typeName}.
   *
   * @throws CodecException naming the type when it is not registered or the bytes are malformed
   */
  @Override
  public Object decode(String typeName, byte[] bytes) {
    checkNotNull(bytes, "bytes");
    checkKnown(typeName);
    return checkDecodedAs(typeName, values.decode(bytes));
  }

  /**
   * Decodes {@code bytes} made by {@link #encode} and checks that the value is a {@code type}.
   *
   * @throws CodecException when the bytes are malformed, name an unregistered type, or hold a
   *     value of another type (the message names both)
   */
  public <T> T decodeAs(Class<T> type, byte[] bytes) {
    checkNotNull(type, "type");
    checkNotNull(bytes, "bytes");
    Object value = values.decode(bytes);
    if (!type.isInstance(value)) {
      throw new CodecException(
          "expected a " + type.getName() + ", decoded a " + value.getClass().getName());
    }
    return type.cast(value);
  }

  /** {@link #encode} for the envelope codec, without copying the result into an array. */
  ByteString encodeToByteString(Object value) {
    checkNotNull(value, "value");
    return values.encodeToByteString(value);
  }

  /**
   * {@link #encodeToByteString} that shares a byte array payload instead of copying it, for a
   * caller that reads the result only while the array is unchanged.
   */
  ByteString encodeSharing(Object value) {
    checkNotNull(value, "value");
    return values.encodeSharing(value);
  }

  /** {@link #decode(String, byte[])} straight from a payload field of an envelope. */
  Object decode(String typeName, ByteString bytes) {
    checkNotNull(bytes, "bytes");
    checkKnown(typeName);
    return checkDecodedAs(typeName, values.decode(bytes));
  }

  private void checkKnown(String typeName) {
    checkNotNull(typeName, "typeName");
    if (!isKnown(typeName)) {
      throw new CodecException(
          "unknown type name '" + typeName + "': not registered in the receiver's codec registry");
    }
  }

  private Object checkDecodedAs(String typeName, Object value) {
    String actual = values.typeNameOf(value);
    if (!actual.equals(typeName)) {
      throw new CodecException(
          "payload declared as '" + typeName + "' decodes as '" + actual + "'");
    }
    return value;
  }

  @Nullable Object entryFor(Class<?> type) {
    Object entry = byClass.get(type);
    Class<?> parent = type.getSuperclass();
    if (entry == null && parent != null && parent.isEnum()) {
      // An enum constant with a body is an anonymous subclass of its enum.
      entry = byClass.get(parent);
    }
    return entry;
  }

  @Nullable Object entryNamed(String typeName) {
    return byName.get(typeName);
  }

  /** Collects registrations; each type name and each class may be registered once. */
  public static final class Builder implements CodecRegistrar {
    private final Map<String, Object> byName = new HashMap<>();
    private final Map<Class<?>, Object> byClass = new HashMap<>();

    private Builder() {
      RuntimeTypes.register(this);
    }

    @Override
    public Builder record(String typeName, Class<? extends Record> type) {
      checkNotNull(type, "type");
      return add(typeName, type, new RecordCodec(checkName(typeName), type));
    }

    @Override
    public <E extends Enum<E>> Builder enumType(String typeName, Class<E> type) {
      checkNotNull(type, "type");
      return add(typeName, type, new EnumEntry(checkName(typeName), type));
    }

    /** Registers a Protobuf message type under {@code typeName}, encoded natively. */
    public <T extends MessageLite> Builder proto(String typeName, Class<T> type, Parser<T> parser) {
      checkNotNull(type, "type");
      checkNotNull(parser, "parser");
      return add(typeName, type, new ProtoEntry(checkName(typeName), type, parser));
    }

    @Override
    public Builder sealed(String baseName, Class<?> type) {
      checkNotNull(type, "type");
      checkName(baseName);
      checkArgument(type.isSealed(), "%s is not sealed", type.getName());
      for (Class<?> sub : checkNotNull(type.getPermittedSubclasses())) {
        String name = baseName + "." + sub.getSimpleName();
        if (sub.isRecord()) {
          add(name, sub, new RecordCodec(name, sub));
        } else if (sub.isEnum()) {
          add(name, sub, new EnumEntry(name, enumClass(sub)));
        } else if (sub.isSealed()) {
          sealed(name, sub);
        } else {
          throw new IllegalArgumentException(
              "cannot register "
                  + sub.getName()
                  + " in sealed hierarchy '"
                  + baseName
                  + "': only records, enums and sealed interfaces are supported");
        }
      }
      return this;
    }

    @Override
    public Builder proto(String typeName, Class<?> type) {
      checkNotNull(type, "type");
      checkArgument(
          MessageLite.class.isAssignableFrom(type),
          "%s is not a Protobuf message class",
          type.getName());
      Parser<?> parser;
      try {
        parser = (Parser<?>) type.getMethod("parser").invoke(null);
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalArgumentException(
            type.getName() + " has no generated parser() method: " + e, e);
      }
      return add(typeName, type, new ProtoEntry(checkName(typeName), type, parser));
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Enum<?>> enumClass(Class<?> type) {
      return (Class<? extends Enum<?>>) type;
    }

    private static String checkName(String typeName) {
      checkNotNull(typeName, "typeName");
      checkArgument(
          NAME.matcher(typeName).matches(),
          "invalid type name '%s': use letters, digits and . _ : $ < > -",
          typeName);
      checkArgument(
          !ValueCodec.isBuiltinName(typeName),
          "type name '%s' is reserved for a built-in type",
          typeName);
      return typeName;
    }

    private Builder add(String typeName, Class<?> type, Object entry) {
      checkArgument(
          !byName.containsKey(typeName), "type name '%s' is already registered", typeName);
      checkArgument(
          !byClass.containsKey(type),
          "%s is already registered as '%s'",
          type.getName(),
          byClass.get(type) instanceof RecordCodec r ? r.typeName : "another name");
      checkArgument(ValueCodec.builtinTag(type) < 0, "%s is a built-in type", type.getName());
      byName.put(typeName, entry);
      byClass.put(type, entry);
      return this;
    }

    public CodecRegistry build() {
      return new CodecRegistry(byName, byClass);
    }
  }
}
