package io.hyperactor.internal.mailbox;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.hyperactor.DeliveryError;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.codec.CodecException;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.wire.MailboxWire;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Base58;
import io.hyperactor.resource.ResourceId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The tagged value encoding behind {@link CodecRegistry}: one tag byte, then the value.
 *
 * <p>Decoding bounds nesting depth and never allocates a collection larger than the bytes left
 * could fill, so hostile input fails with a message instead of exhausting memory.
 */
final class ValueCodec {
  private static final int MAX_DEPTH = 64;

  private static final int NULL = 0;
  private static final int TRUE = 1;
  private static final int FALSE = 2;
  private static final int INT = 3;
  private static final int LONG = 4;
  private static final int DOUBLE = 5;
  private static final int FLOAT = 6;
  private static final int STRING = 7;
  private static final int BYTES = 8;
  private static final int LIST = 9;
  private static final int SET = 10;
  private static final int MAP = 11;
  private static final int RECORD = 12;
  private static final int ENUM = 13;
  private static final int PROTO = 14;
  private static final int ACTOR_ID = 15;
  private static final int PORT_ID = 16;
  private static final int PROC_ID = 17;
  private static final int ACTOR_REF = 18;
  private static final int PORT_REF = 19;
  private static final int ONCE_PORT_REF = 20;
  private static final int UUID_TAG = 21;
  private static final int DURATION = 22;
  private static final int INSTANT = 23;
  private static final int SHORT = 24;
  private static final int BYTE = 25;
  private static final int CHAR = 26;
  private static final int OPTIONAL_EMPTY = 27;
  private static final int OPTIONAL = 28;
  private static final int UNDELIVERABLE = 29;
  private static final int DELIVERY_ERROR = 30;
  private static final int CHANNEL_ADDR = 31;
  // A port reference that names a reducer or non-default streaming options; a plain reference
  // keeps the compact PORT_REF / ONCE_PORT_REF form.
  private static final int REDUCING_PORT_REF = 32;
  private static final int REDUCING_ONCE_PORT_REF = 33;
  private static final int REGION = 34;
  private static final int VALUE_MESH = 35;
  private static final int SKIP_NOTICE = 36;
  // Structured rather than its display form, which drops a label equal to the default and reads
  // an instance whose base58 uid is under 8 characters as a singleton.
  private static final int RESOURCE_ID = 37;
  // A port reference whose failed deliveries are dropped: the tag, then the reference in one of
  // the forms above.
  private static final int NO_RETURN_PORT_REF = 38;

  /** Built-in type names by tag; records, enums and protos travel under their registered names. */
  private static final ImmutableMap<Integer, String> BUILTIN_NAMES =
      ImmutableMap.<Integer, String>builder()
          .put(NULL, "null")
          .put(TRUE, "bool")
          .put(FALSE, "bool")
          .put(INT, "i32")
          .put(LONG, "i64")
          .put(DOUBLE, "f64")
          .put(FLOAT, "f32")
          .put(STRING, "string")
          .put(BYTES, "bytes")
          .put(LIST, "list")
          .put(SET, "set")
          .put(MAP, "map")
          .put(ACTOR_ID, "hyperactor.ActorId")
          .put(PORT_ID, "hyperactor.PortId")
          .put(PROC_ID, "hyperactor.ProcId")
          .put(ACTOR_REF, "hyperactor.ActorRef")
          .put(PORT_REF, "hyperactor.PortRef")
          .put(ONCE_PORT_REF, "hyperactor.OncePortRef")
          .put(UUID_TAG, "uuid")
          .put(DURATION, "duration")
          .put(INSTANT, "instant")
          .put(SHORT, "i16")
          .put(BYTE, "i8")
          .put(CHAR, "char")
          .put(OPTIONAL_EMPTY, "optional")
          .put(OPTIONAL, "optional")
          .put(UNDELIVERABLE, "hyperactor.Undeliverable")
          .put(DELIVERY_ERROR, "hyperactor.DeliveryError")
          .put(CHANNEL_ADDR, "hyperactor.ChannelAddr")
          .put(REDUCING_PORT_REF, "hyperactor.PortRef")
          .put(REDUCING_ONCE_PORT_REF, "hyperactor.OncePortRef")
          .put(REGION, "hyperactor.Region")
          .put(VALUE_MESH, "hyperactor.ValueMesh")
          .put(SKIP_NOTICE, "hyperactor.SkipNotice")
          .put(RESOURCE_ID, "hyperactor.ResourceId")
          .put(NO_RETURN_PORT_REF, "hyperactor.PortRef")
          .buildOrThrow();

  private static final ImmutableSet<String> BUILTIN_NAME_SET =
      ImmutableSet.copyOf(BUILTIN_NAMES.values());

  private final CodecRegistry registry;

  ValueCodec(CodecRegistry registry) {
    this.registry = registry;
  }

  static boolean isBuiltinName(String name) {
    return BUILTIN_NAME_SET.contains(name);
  }

  /** The tag of a built-in class, or -1. */
  static int builtinTag(Class<?> type) {
    if (type == Boolean.class) {
      return TRUE;
    } else if (type == Integer.class) {
      return INT;
    } else if (type == Long.class) {
      return LONG;
    } else if (type == Double.class) {
      return DOUBLE;
    } else if (type == Float.class) {
      return FLOAT;
    } else if (type == String.class) {
      return STRING;
    } else if (type == byte[].class) {
      return BYTES;
    } else if (type == Short.class) {
      return SHORT;
    } else if (type == Byte.class) {
      return BYTE;
    } else if (type == Character.class) {
      return CHAR;
    } else if (type == ActorId.class) {
      return ACTOR_ID;
    } else if (type == PortId.class) {
      return PORT_ID;
    } else if (type == ProcId.class) {
      return PROC_ID;
    } else if (type == ActorRef.class) {
      return ACTOR_REF;
    } else if (type == PortRef.class) {
      return PORT_REF;
    } else if (type == OncePortRef.class) {
      return ONCE_PORT_REF;
    } else if (type == UUID.class) {
      return UUID_TAG;
    } else if (type == Duration.class) {
      return DURATION;
    } else if (type == Instant.class) {
      return INSTANT;
    } else if (type == Undeliverable.class) {
      return UNDELIVERABLE;
    } else if (type == DeliveryError.class) {
      return DELIVERY_ERROR;
    } else if (type == Region.class) {
      return REGION;
    } else if (type == ValueMesh.class) {
      return VALUE_MESH;
    } else if (type == SkipNotice.class) {
      return SKIP_NOTICE;
    } else if (type == ResourceId.class) {
      return RESOURCE_ID;
    } else if (ChannelAddr.class.isAssignableFrom(type)) {
      return CHANNEL_ADDR;
    } else if (List.class.isAssignableFrom(type)) {
      return LIST;
    } else if (Set.class.isAssignableFrom(type)) {
      return SET;
    } else if (Map.class.isAssignableFrom(type)) {
      return MAP;
    } else if (type == Optional.class) {
      return OPTIONAL;
    }
    return -1;
  }

  String typeNameOf(Object value) {
    Object entry = registry.entryFor(value.getClass());
    if (entry instanceof RecordCodec r) {
      return r.typeName;
    } else if (entry instanceof CodecRegistry.EnumEntry e) {
      return e.typeName();
    } else if (entry instanceof CodecRegistry.ProtoEntry p) {
      return p.typeName();
    }
    int tag = builtinTag(value.getClass());
    if (tag < 0) {
      throw unregistered(value.getClass());
    }
    return BUILTIN_NAMES.get(tag);
  }

  private static CodecException unregistered(Class<?> type) {
    return new CodecException(
        "cannot encode "
            + type.getName()
            + ": type is not registered in the codec registry (register it with a stable name)");
  }

  byte[] encode(Object value) {
    if (value instanceof byte[] b) {
      return encodeBytes(b);
    }
    return encodeAny(value).toByteArray();
  }

  /**
   * The encoded form of {@code value} as a {@link ByteString}, with one copy fewer than {@link
   * #encode} for payloads that are not a plain byte array.
   */
  ByteString encodeToByteString(Object value) {
    if (value instanceof byte[] b) {
      return UnsafeByteOperations.unsafeWrap(encodeBytes(b));
    }
    Buffer bytes = encodeAny(value);
    return ByteString.copyFrom(bytes.array(), 0, bytes.size());
  }

  /**
   * {@link #encodeToByteString} that shares a byte array payload instead of copying it: the result
   * reads the array, so it is valid only while the array is unchanged.
   */
  ByteString encodeSharing(Object value) {
    if (!(value instanceof byte[] b)) {
      return encodeToByteString(value);
    }
    byte[] header = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(b.length)];
    CodedOutputStream out = CodedOutputStream.newInstance(header);
    try {
      out.writeRawByte(BYTES);
      out.writeUInt32NoTag(b.length);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new CodecException("cannot encode byte[]: " + e, e);
    }
    return UnsafeByteOperations.unsafeWrap(header).concat(UnsafeByteOperations.unsafeWrap(b));
  }

  /** A byte array, the usual bulk payload, sized exactly and copied once. */
  private static byte[] encodeBytes(byte[] value) {
    byte[] encoded = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(value.length) + value.length];
    CodedOutputStream out = CodedOutputStream.newInstance(encoded);
    try {
      out.writeRawByte(BYTES);
      out.writeByteArrayNoTag(value);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new CodecException("cannot encode byte[]: " + e, e);
    }
    return encoded;
  }

  private Buffer encodeAny(Object value) {
    Buffer bytes = new Buffer();
    // A small buffer: large byte arrays are written straight through to the stream.
    CodedOutputStream out = CodedOutputStream.newInstance(bytes, 256);
    try {
      write(out, value, 0);
      out.flush();
    } catch (IOException e) {
      throw new CodecException("cannot encode " + value.getClass().getName() + ": " + e, e);
    }
    return bytes;
  }

  /** A byte stream whose contents can be read without {@code toByteArray}'s copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(128);
    }

    byte[] array() {
      return buf;
    }
  }

  Object decode(byte[] bytes) {
    return decode(CodedInputStream.newInstance(bytes), bytes.length);
  }

  /** Decodes straight from {@code bytes}, without first copying them into an array. */
  Object decode(ByteString bytes) {
    return decode(bytes.newCodedInput(), bytes.size());
  }

  private Object decode(CodedInputStream in, int length) {
    in.setRecursionLimit(MAX_DEPTH);
    try {
      Object value = read(in, length, 0);
      if (!in.isAtEnd()) {
        throw new CodecException(
            "malformed payload: " + (length - in.getTotalBytesRead()) + " trailing bytes");
      }
      if (value == null) {
        throw new CodecException("malformed payload: a message cannot be null");
      }
      return value;
    } catch (IOException e) {
      throw new CodecException("malformed payload: " + e.getMessage(), e);
    }
  }

  private void write(CodedOutputStream out, @Nullable Object value, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new CodecException("cannot encode: nesting deeper than " + MAX_DEPTH);
    }
    if (value == null) {
      out.writeRawByte(NULL);
      return;
    }
    Object entry = registry.entryFor(value.getClass());
    if (entry instanceof RecordCodec r) {
      out.writeRawByte(RECORD);
      out.writeStringNoTag(r.typeName);
      out.writeUInt32NoTag(r.arity());
      for (int i = 0; i < r.arity(); i++) {
        write(out, r.component(value, i), depth + 1);
      }
      return;
    } else if (entry instanceof CodecRegistry.EnumEntry e) {
      out.writeRawByte(ENUM);
      out.writeStringNoTag(e.typeName());
      out.writeStringNoTag(((Enum<?>) value).name());
      return;
    } else if (entry instanceof CodecRegistry.ProtoEntry p) {
      out.writeRawByte(PROTO);
      out.writeStringNoTag(p.typeName());
      out.writeBytesNoTag(((MessageLite) value).toByteString());
      return;
    }
    switch (value) {
      case Boolean b -> out.writeRawByte(b ? TRUE : FALSE);
      case Integer i -> {
        out.writeRawByte(INT);
        out.writeSInt32NoTag(i);
      }
      case Long l -> {
        out.writeRawByte(LONG);
        out.writeSInt64NoTag(l);
      }
      case Double d -> {
        out.writeRawByte(DOUBLE);
        out.writeDoubleNoTag(d);
      }
      case Float f -> {
        out.writeRawByte(FLOAT);
        out.writeFloatNoTag(f);
      }
      case String s -> {
        out.writeRawByte(STRING);
        out.writeStringNoTag(s);
      }
      case byte[] b -> {
        out.writeRawByte(BYTES);
        out.writeByteArrayNoTag(b);
      }
      case Short s -> {
        out.writeRawByte(SHORT);
        out.writeSInt32NoTag(s);
      }
      case Byte b -> {
        out.writeRawByte(BYTE);
        out.writeSInt32NoTag(b);
      }
      case Character c -> {
        out.writeRawByte(CHAR);
        out.writeUInt32NoTag(c);
      }
      case ActorId id -> writeString(out, ACTOR_ID, id.toString());
      case PortId id -> writeString(out, PORT_ID, id.toString());
      case ProcId id -> writeString(out, PROC_ID, id.toString());
      case ActorRef<?> ref -> writeString(out, ACTOR_REF, ref.actorId().toString());
      case PortRef<?> ref -> writePortRef(out, ref, depth);
      case OncePortRef<?> ref -> {
        ReducerSpec reducer = ref.reducerSpec();
        if (reducer == null) {
          writeString(out, ONCE_PORT_REF, ref.portId().toString());
        } else {
          writeString(out, REDUCING_ONCE_PORT_REF, ref.portId().toString());
          out.writeStringNoTag(reducer.name());
        }
      }
      case ChannelAddr addr -> writeString(out, CHANNEL_ADDR, addr.toString());
      case ResourceId id -> {
        out.writeRawByte(RESOURCE_ID);
        out.writeBoolNoTag(id.isSingleton());
        out.writeStringNoTag(id.uid());
        out.writeStringNoTag(id.label().orElse(""));
      }
      case UUID u -> {
        out.writeRawByte(UUID_TAG);
        out.writeFixed64NoTag(u.getMostSignificantBits());
        out.writeFixed64NoTag(u.getLeastSignificantBits());
      }
      case Duration d -> {
        out.writeRawByte(DURATION);
        out.writeSInt64NoTag(d.getSeconds());
        out.writeUInt32NoTag(d.getNano());
      }
      case Instant t -> {
        out.writeRawByte(INSTANT);
        out.writeSInt64NoTag(t.getEpochSecond());
        out.writeUInt32NoTag(t.getNano());
      }
      case Optional<?> o -> {
        if (o.isEmpty()) {
          out.writeRawByte(OPTIONAL_EMPTY);
        } else {
          out.writeRawByte(OPTIONAL);
          write(out, o.get(), depth + 1);
        }
      }
      case List<?> list -> {
        out.writeRawByte(LIST);
        out.writeUInt32NoTag(list.size());
        for (Object element : list) {
          write(out, element, depth + 1);
        }
      }
      case Set<?> set -> {
        out.writeRawByte(SET);
        out.writeUInt32NoTag(set.size());
        for (Object element : set) {
          write(out, element, depth + 1);
        }
      }
      case Map<?, ?> map -> {
        out.writeRawByte(MAP);
        out.writeUInt32NoTag(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          write(out, e.getKey(), depth + 1);
          write(out, e.getValue(), depth + 1);
        }
      }
      case Undeliverable u -> {
        out.writeRawByte(UNDELIVERABLE);
        out.writeBytesNoTag(EnvelopeCodec.toWire(u.envelope(), registry).toByteString());
        out.writeRawByte(u.error().kind().ordinal());
        out.writeStringNoTag(u.error().message());
      }
      case Region r -> {
        out.writeRawByte(REGION);
        MeshWire.writeRegion(out, r);
      }
      case ValueMesh<?> m -> {
        out.writeRawByte(VALUE_MESH);
        MeshWire.writeValueMesh(out, m, v -> write(out, v, depth + 1));
      }
      case SkipNotice n -> writeString(out, SKIP_NOTICE, n.reason());
      case DeliveryError e -> {
        out.writeRawByte(DELIVERY_ERROR);
        out.writeRawByte(e.kind().ordinal());
        out.writeStringNoTag(e.message());
      }
      default -> throw unregistered(value.getClass());
    }
  }

  private void writePortRef(CodedOutputStream out, PortRef<?> ref, int depth) throws IOException {
    if (!ref.returnUndeliverable()) {
      out.writeRawByte(NO_RETURN_PORT_REF);
      ref = ref.withReturnUndeliverable(true);
    }
    ReducerSpec reducer = ref.reducerSpec();
    ReducerMode.Streaming opts = ref.streamingOpts();
    if (reducer == null && opts.equals(ReducerMode.streaming())) {
      writeString(out, PORT_REF, ref.portId().toString());
      return;
    }
    writeString(out, REDUCING_PORT_REF, ref.portId().toString());
    out.writeStringNoTag(reducer == null ? "" : reducer.name());
    write(out, opts.maxUpdateInterval(), depth + 1);
    write(out, opts.initialUpdateInterval(), depth + 1);
  }

  private PortRef<?> readReducingPortRef(CodedInputStream in, int length, int depth)
      throws IOException {
    PortId port = PortId.parse(in.readStringRequireUtf8());
    String reducer = in.readStringRequireUtf8();
    Duration max = optionalDuration(read(in, length, depth + 1), "maxUpdateInterval");
    Duration initial = optionalDuration(read(in, length, depth + 1), "initialUpdateInterval");
    return new PortRef<>(
        port,
        reducer.isEmpty() ? null : new ReducerSpec(reducer),
        new ReducerMode.Streaming(max, initial));
  }

  private static ResourceId readResourceId(CodedInputStream in) throws IOException {
    boolean singleton = in.readBool();
    String uid = in.readStringRequireUtf8();
    String label = in.readStringRequireUtf8();
    return singleton
        ? ResourceId.singleton(uid)
        : ResourceId.instance(Base58.decode(uid), label.isEmpty() ? null : label);
  }

  private static @Nullable Duration optionalDuration(@Nullable Object value, String what) {
    if (value == null || value instanceof Duration) {
      return (Duration) value;
    }
    throw new CodecException(
        "malformed payload: port reference " + what + " is a " + value.getClass().getSimpleName());
  }

  private static void writeString(CodedOutputStream out, int tag, String text) throws IOException {
    out.writeRawByte(tag);
    out.writeStringNoTag(text);
  }

  private @Nullable Object read(CodedInputStream in, int length, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new CodecException("malformed payload: nesting deeper than " + MAX_DEPTH);
    }
    int tag = in.readRawByte() & 0xff;
    try {
      return switch (tag) {
        case NULL -> null;
        case TRUE -> Boolean.TRUE;
        case FALSE -> Boolean.FALSE;
        case INT -> in.readSInt32();
        case LONG -> in.readSInt64();
        case DOUBLE -> in.readDouble();
        case FLOAT -> in.readFloat();
        case STRING -> in.readStringRequireUtf8();
        case BYTES -> in.readByteArray();
        case SHORT -> (short) in.readSInt32();
        case BYTE -> (byte) in.readSInt32();
        case CHAR -> (char) in.readUInt32();
        case ACTOR_ID -> ActorId.parse(in.readStringRequireUtf8());
        case PORT_ID -> PortId.parse(in.readStringRequireUtf8());
        case PROC_ID -> ProcId.parse(in.readStringRequireUtf8());
        case ACTOR_REF -> ActorRef.attest(ActorId.parse(in.readStringRequireUtf8()));
        case PORT_REF -> PortRef.attest(PortId.parse(in.readStringRequireUtf8()));
        case ONCE_PORT_REF -> new OncePortRef<>(PortId.parse(in.readStringRequireUtf8()));
        case REDUCING_PORT_REF -> readReducingPortRef(in, length, depth);
        case NO_RETURN_PORT_REF -> {
          if (!(read(in, length, depth + 1) instanceof PortRef<?> ref)) {
            throw new CodecException(
                "malformed payload: a no-return port reference holds no port reference");
          }
          yield ref.withReturnUndeliverable(false);
        }
        case REDUCING_ONCE_PORT_REF ->
            new OncePortRef<>(
                PortId.parse(in.readStringRequireUtf8()),
                new ReducerSpec(in.readStringRequireUtf8()));
        case CHANNEL_ADDR -> ChannelAddr.parse(in.readStringRequireUtf8());
        case SKIP_NOTICE -> new SkipNotice(in.readStringRequireUtf8());
        case RESOURCE_ID -> readResourceId(in);
        case UUID_TAG -> new UUID(in.readFixed64(), in.readFixed64());
        case DURATION -> Duration.ofSeconds(in.readSInt64(), in.readUInt32());
        case INSTANT -> Instant.ofEpochSecond(in.readSInt64(), in.readUInt32());
        case OPTIONAL_EMPTY -> Optional.empty();
        case OPTIONAL -> Optional.of(nonNull(read(in, length, depth + 1), "optional value"));
        case LIST -> {
          int n = count(in, length, "list");
          ImmutableList.Builder<Object> b = ImmutableList.builderWithExpectedSize(n);
          for (int i = 0; i < n; i++) {
            b.add(nonNull(read(in, length, depth + 1), "list element"));
          }
          yield b.build();
        }
        case SET -> {
          int n = count(in, length, "set");
          ImmutableSet.Builder<Object> b = ImmutableSet.builderWithExpectedSize(n);
          for (int i = 0; i < n; i++) {
            b.add(nonNull(read(in, length, depth + 1), "set element"));
          }
          yield b.build();
        }
        case MAP -> {
          int n = count(in, length, "map");
          ImmutableMap.Builder<Object, Object> b = ImmutableMap.builderWithExpectedSize(n);
          for (int i = 0; i < n; i++) {
            Object k = nonNull(read(in, length, depth + 1), "map key");
            b.put(k, nonNull(read(in, length, depth + 1), "map value"));
          }
          yield b.buildOrThrow();
        }
        case RECORD -> readRecord(in, length, depth);
        case ENUM -> readEnum(in);
        case PROTO -> {
          String name = in.readStringRequireUtf8();
          if (!(registry.entryNamed(name) instanceof CodecRegistry.ProtoEntry p)) {
            throw unknown(name, "protobuf message");
          }
          yield p.parser().parseFrom(in.readBytes());
        }
        case UNDELIVERABLE -> {
          MailboxWire.Envelope wire = MailboxWire.Envelope.parseFrom(in.readBytes());
          DeliveryError error = readError(in);
          yield new Undeliverable(EnvelopeCodec.fromWire(wire, registry), error);
        }
        case DELIVERY_ERROR -> readError(in);
        case REGION -> MeshWire.readRegion(in, what -> count(in, length, what));
        case VALUE_MESH ->
            MeshWire.readValueMesh(
                in,
                what -> count(in, length, what),
                () -> nonNull(read(in, length, depth + 1), "mesh value"));
        default -> throw new CodecException("malformed payload: unknown value tag " + tag);
      };
    } catch (InvalidProtocolBufferException | CodecException e) {
      throw e;
    } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
      throw new CodecException("malformed payload: " + e.getMessage(), e);
    }
  }

  private Object readRecord(CodedInputStream in, int length, int depth) throws IOException {
    String name = in.readStringRequireUtf8();
    if (!(registry.entryNamed(name) instanceof RecordCodec r)) {
      throw unknown(name, "record");
    }
    int n = count(in, length, name);
    if (n != r.arity()) {
      throw new CodecException(
          "malformed payload: " + name + " has " + r.arity() + " components, got " + n);
    }
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = read(in, length, depth + 1);
    }
    return r.construct(values);
  }

  private Object readEnum(CodedInputStream in) throws IOException {
    String name = in.readStringRequireUtf8();
    String constant = in.readStringRequireUtf8();
    if (!(registry.entryNamed(name) instanceof CodecRegistry.EnumEntry e)) {
      throw unknown(name, "enum");
    }
    for (Enum<?> c : e.type().getEnumConstants()) {
      if (c.name().equals(constant)) {
        return c;
      }
    }
    throw new CodecException("enum '" + name + "' has no constant '" + constant + "'");
  }

  private static DeliveryError readError(CodedInputStream in) throws IOException {
    int ordinal = in.readRawByte();
    DeliveryError.Kind[] kinds = DeliveryError.Kind.values();
    if (ordinal < 0 || ordinal >= kinds.length) {
      throw new CodecException("malformed payload: unknown delivery error kind " + ordinal);
    }
    return new DeliveryError(kinds[ordinal], in.readStringRequireUtf8());
  }

  private static CodecException unknown(String name, String what) {
    return new CodecException(
        "unknown type name '"
            + name
            + "': no "
            + what
            + " is registered under it in the receiver's codec registry");
  }

  private static int count(CodedInputStream in, int length, String what) throws IOException {
    int n = in.readUInt32();
    // Every element takes at least one byte, so a larger count is a lie.
    if (n < 0 || n > length - in.getTotalBytesRead()) {
      throw new CodecException(
          "malformed payload: " + what + " claims " + Integer.toUnsignedString(n) + " elements");
    }
    return n;
  }

  private static Object nonNull(@Nullable Object value, String what) {
    if (value == null) {
      throw new CodecException("malformed payload: null " + what);
    }
    return value;
  }

}
