package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hyperactor.mesh.Unsplit;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Binds a cast message to one destination: every {@link Rank} in it is set to the destination's
 * rank, and every port reference in it is replaced by what a {@link PortSplitter} makes of it.
 *
 * <p>The message is walked through record components (records nested in records), lists, sets,
 * optionals and map values; a component annotated {@link Unsplit} keeps its ports (its ranks are
 * still bound). Records are rebuilt through their canonical constructors, and only where something
 * changed: a message with nothing to bind is returned as is. Which components of a record class can
 * hold something to bind is worked out once per class, from the components' declared (generic)
 * types; components typed {@code Object}, an interface or a type variable are inspected by their
 * value's class. Arrays and other classes are left alone.
 */
final class MessageBinder {
  private MessageBinder() {}

  /** What a binding pass does to the ports it finds. */
  interface PortSplitter {
    /** The reference that replaces {@code port} in the bound message. */
    PortRef<?> split(PortRef<?> port);

    /** The reference that replaces {@code port} in the bound message. */
    OncePortRef<?> split(OncePortRef<?> port);
  }

  /** One binding pass: the rank to set (null to leave ranks alone) and the port splitter. */
  private record Pass(@Nullable Rank rank, @Nullable PortSplitter ports) {
    Pass withoutPorts() {
      return ports == null ? this : new Pass(rank, null);
    }
  }

  /**
   * {@code message} with every {@link Rank} set to {@code rank} (unless null) and every port
   * replaced by {@code ports} (unless null).
   *
   * @throws IllegalArgumentException when a record of the message cannot be rebuilt (its
   *     constructor refuses the bound values), naming the record
   */
  static Object bind(Object message, @Nullable Rank rank, @Nullable PortSplitter ports) {
    checkNotNull(message, "message");
    if (rank == null && ports == null) {
      return message;
    }
    return checkNotNull(DYNAMIC.apply(message, new Pass(rank, ports)), "bound message");
  }

  /** {@link #bind} with only the ranks set, to the view rank {@code rank}. */
  static Object bindRank(Object message, int rank) {
    return bind(message, Rank.of(rank), null);
  }

  /** Whether a message like {@code message} may hold anything to bind. */
  static boolean mayBind(Object message) {
    return message instanceof Record r
        ? PLANS.get(r.getClass()) != RecordPlan.NONE
        : DYNAMIC.mayChange(message);
  }

  // ------------------------------------------------------------------ nodes

  /** How one value of a statically known shape is bound. */
  private interface Node {
    /** The bound value: {@code value} itself when nothing in it changed. */
    @Nullable Object apply(@Nullable Object value, Pass pass);
  }

  private static final Node NONE = (value, pass) -> value;

  private static final Node RANK =
      (value, pass) -> value == null || pass.rank() == null ? value : pass.rank();

  private static final Node PORT =
      (value, pass) ->
          value == null || pass.ports() == null
              ? value
              : checkNotNull(pass.ports().split((PortRef<?>) value), "split port");

  private static final Node ONCE_PORT =
      (value, pass) ->
          value == null || pass.ports() == null
              ? value
              : checkNotNull(pass.ports().split((OncePortRef<?>) value), "split port");

  /** A value whose shape is known only at run time: dispatch on its class. */
  private static final class Dynamic implements Node {
    @Override
    public @Nullable Object apply(@Nullable Object value, Pass pass) {
      return switch (value) {
        case null -> null;
        case Rank r -> RANK.apply(r, pass);
        case PortRef<?> p -> PORT.apply(p, pass);
        case OncePortRef<?> p -> ONCE_PORT.apply(p, pass);
        case Record r -> PLANS.get(r.getClass()).apply(r, pass);
        case List<?> l -> LIST_OF_DYNAMIC.apply(l, pass);
        case Set<?> s -> SET_OF_DYNAMIC.apply(s, pass);
        case Map<?, ?> m -> MAP_OF_DYNAMIC.apply(m, pass);
        case Optional<?> o -> OPTIONAL_OF_DYNAMIC.apply(o, pass);
        default -> value;
      };
    }

    boolean mayChange(Object value) {
      return value instanceof Rank
          || value instanceof PortRef<?>
          || value instanceof OncePortRef<?>
          || (value instanceof Record r && PLANS.get(r.getClass()) != RecordPlan.NONE)
          || value instanceof List<?>
          || value instanceof Set<?>
          || value instanceof Map<?, ?>
          || value instanceof Optional<?>;
    }
  }

  private static final Dynamic DYNAMIC = new Dynamic();

  /** A record whose class may hold something to bind; its plan is looked up when applied. */
  private record RecordNode(Class<?> type) implements Node {
    @Override
    public @Nullable Object apply(@Nullable Object value, Pass pass) {
      if (value == null) {
        return null;
      }
      // A subclass cannot exist (records are final), but the value may be typed more loosely.
      return PLANS.get(value.getClass()).apply(value, pass);
    }
  }

  private record ListNode(Node element) implements Node {
    @Override
    public @Nullable Object apply(@Nullable Object value, Pass pass) {
      if (!(value instanceof List<?> list)) {
        return value;
      }
      List<Object> out = null;
      for (int i = 0; i < list.size(); i++) {
        Object e = list.get(i);
        Object b = element.apply(e, pass);
        if (b != e && out == null) {
          out = new ArrayList<>(list.size());
          out.addAll(list.subList(0, i));
        }
        if (out != null) {
          out.add(b);
        }
      }
      return out == null ? value : immutableList(out);
    }
  }

  private record SetNode(Node element) implements Node {
    @Override
    public @Nullable Object apply(@Nullable Object value, Pass pass) {
      if (!(value instanceof Set<?> set)) {
        return value;
      }
      boolean changed = false;
      List<Object> out = new ArrayList<>(set.size());
      for (Object e : set) {
        Object b = element.apply(e, pass);
        changed |= b != e;
        out.add(b);
      }
      if (!changed) {
        return value;
      }
      return out.contains(null)
          ? Collections.unmodifiableSet(new LinkedHashSet<>(out))
          : ImmutableSet.copyOf(out);
    }
  }

  private record MapNode(Node valueNode) implements Node {
    @Override
    public @Nullable Object apply(@Nullable Object value, Pass pass) {
      if (!(value instanceof Map<?, ?> map)) {
        return value;
      }
      boolean changed = false;
      boolean nulls = false;
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object b = valueNode.apply(e.getValue(), pass);
        changed |= b != e.getValue();
        nulls |= b == null || e.getKey() == null;
        out.put(e.getKey(), b);
      }
      if (!changed) {
        return value;
      }
      return nulls ? Collections.unmodifiableMap(out) : ImmutableMap.copyOf(out);
    }
  }

  private record OptionalNode(Node element) implements Node {
    @Override
    public @Nullable Object apply(@Nullable Object value, Pass pass) {
      if (!(value instanceof Optional<?> o) || o.isEmpty()) {
        return value;
      }
      Object e = o.get();
      Object b = element.apply(e, pass);
      return b == e ? value : Optional.ofNullable(b);
    }
  }

  private static final Node LIST_OF_DYNAMIC = new ListNode(DYNAMIC);
  private static final Node SET_OF_DYNAMIC = new SetNode(DYNAMIC);
  private static final Node MAP_OF_DYNAMIC = new MapNode(DYNAMIC);
  private static final Node OPTIONAL_OF_DYNAMIC = new OptionalNode(DYNAMIC);

  private static List<Object> immutableList(List<Object> values) {
    return values.contains(null) ? Collections.unmodifiableList(values) : ImmutableList.copyOf(values);
  }

  // ------------------------------------------------------------------ plans

  /**
   * The bindable components of one record class, with its accessors and canonical constructor,
   * worked out once per class. Derived from the class alone, so the cache holds no state of any
   * actor system.
   */
  private static final ClassValue<RecordPlan> PLANS =
      new ClassValue<>() {
        @Override
        protected RecordPlan computeValue(Class<?> type) {
          return RecordPlan.of(type);
        }
      };

  private static final class RecordPlan {
    static final RecordPlan NONE = new RecordPlan(Object.class, null, null, new int[0], null, null);

    private final Class<?> type;
    private final MethodHandle @Nullable [] accessors;
    private final @Nullable MethodHandle constructor;
    private final int[] bindable;
    private final Node @Nullable [] nodes;
    private final boolean @Nullable [] unsplit;

    private RecordPlan(
        Class<?> type,
        MethodHandle @Nullable [] accessors,
        @Nullable MethodHandle constructor,
        int[] bindable,
        Node @Nullable [] nodes,
        boolean @Nullable [] unsplit) {
      this.type = type;
      this.accessors = accessors;
      this.constructor = constructor;
      this.bindable = bindable;
      this.nodes = nodes;
      this.unsplit = unsplit;
    }

    static RecordPlan of(Class<?> type) {
      if (!type.isRecord()) {
        return NONE;
      }
      RecordComponent[] components = type.getRecordComponents();
      Set<Class<?>> visiting = new HashSet<>();
      visiting.add(type);
      int[] bindable = new int[components.length];
      Node[] nodes = new Node[components.length];
      boolean[] unsplit = new boolean[components.length];
      int n = 0;
      for (int i = 0; i < components.length; i++) {
        Node node = nodeFor(components[i].getGenericType(), visiting);
        if (node != MessageBinder.NONE) {
          bindable[n] = i;
          nodes[n] = node;
          unsplit[n] = components[i].isAnnotationPresent(Unsplit.class);
          n++;
        }
      }
      if (n == 0) {
        return NONE;
      }
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle[] accessors = new MethodHandle[components.length];
      Class<?>[] types = new Class<?>[components.length];
      MethodHandle constructor;
      try {
        for (int i = 0; i < components.length; i++) {
          types[i] = components[i].getType();
          Method accessor = components[i].getAccessor();
          accessor.setAccessible(true);
          accessors[i] =
              lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
        }
        Constructor<?> canonical = type.getDeclaredConstructor(types);
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
            "cannot bind cast messages of record "
                + type.getName()
                + ": its components or canonical constructor are not accessible: "
                + e,
            e);
      }
      return new RecordPlan(
          type,
          accessors,
          constructor,
          Arrays.copyOf(bindable, n),
          Arrays.copyOf(nodes, n),
          Arrays.copyOf(unsplit, n));
    }

    @Nullable Object apply(Object value, Pass pass) {
      if (this == NONE) {
        return value;
      }
      MethodHandle[] acc = accessors;
      Object[] values = null;
      for (int k = 0; k < bindable.length; k++) {
        int i = bindable[k];
        Object old = read(acc[i], value, i);
        Object bound = nodes[k].apply(old, unsplit[k] ? pass.withoutPorts() : pass);
        if (bound != old) {
          if (values == null) {
            values = new Object[acc.length];
            for (int j = 0; j < acc.length; j++) {
              values[j] = read(acc[j], value, j);
            }
          }
          values[i] = bound;
        }
      }
      if (values == null) {
        return value;
      }
      try {
        return constructor.invokeExact(values);
      } catch (Throwable t) {
        throw new IllegalArgumentException(
            "cannot bind cast message: rebuilding record "
                + type.getName()
                + " with its bound ranks and ports failed: "
                + t,
            t);
      }
    }

    private Object read(MethodHandle accessor, Object record, int i) {
      try {
        return accessor.invokeExact(record);
      } catch (Throwable t) {
        throw new IllegalArgumentException(
            "cannot bind cast message: reading component "
                + type.getRecordComponents()[i].getName()
                + " of "
                + type.getName()
                + " failed: "
                + t,
            t);
      }
    }
  }

  /**
   * How a value declared as {@code type} is bound: {@link #NONE} when it cannot hold a rank or a
   * port. {@code visiting} holds the records being analysed, so that a recursive record is taken as
   * possibly bindable and resolved by its value's plan instead of being analysed forever.
   */
  private static Node nodeFor(Type type, Set<Class<?>> visiting) {
    return switch (type) {
      case Class<?> c -> nodeForClass(c, visiting);
      case ParameterizedType p -> nodeForParameterized(p, visiting);
      case TypeVariable<?> v -> DYNAMIC;
      case WildcardType w -> DYNAMIC;
      default -> NONE; // generic arrays
    };
  }

  private static Node nodeForClass(Class<?> c, Set<Class<?>> visiting) {
    if (c == Rank.class) {
      return RANK;
    }
    if (c == PortRef.class) {
      return PORT;
    }
    if (c == OncePortRef.class) {
      return ONCE_PORT;
    }
    if (c.isPrimitive() || c.isArray() || c.isEnum() || c == String.class) {
      return NONE;
    }
    if (List.class.isAssignableFrom(c)) {
      return LIST_OF_DYNAMIC;
    }
    if (Set.class.isAssignableFrom(c)) {
      return SET_OF_DYNAMIC;
    }
    if (Map.class.isAssignableFrom(c)) {
      return MAP_OF_DYNAMIC;
    }
    if (c == Optional.class) {
      return OPTIONAL_OF_DYNAMIC;
    }
    if (c.isRecord()) {
      if (!visiting.add(c)) {
        return new RecordNode(c);
      }
      try {
        for (RecordComponent rc : c.getRecordComponents()) {
          if (nodeFor(rc.getGenericType(), visiting) != NONE) {
            return new RecordNode(c);
          }
        }
        return NONE;
      } finally {
        visiting.remove(c);
      }
    }
    if (c.isSealed()) {
      for (Class<?> permitted : c.getPermittedSubclasses()) {
        if (nodeForClass(permitted, visiting) != NONE) {
          return DYNAMIC;
        }
      }
      return NONE;
    }
    // Object, interfaces and abstract classes may hold a record that binds; concrete classes
    // other than records are not walked.
    return c.isInterface() || Modifier.isAbstract(c.getModifiers()) || c == Object.class
        ? (Number.class.isAssignableFrom(c) || CharSequence.class.isAssignableFrom(c)
            ? NONE
            : DYNAMIC)
        : NONE;
  }

  private static Node nodeForParameterized(ParameterizedType p, Set<Class<?>> visiting) {
    if (!(p.getRawType() instanceof Class<?> raw)) {
      return DYNAMIC;
    }
    Type[] args = p.getActualTypeArguments();
    if (raw == PortRef.class || raw == OncePortRef.class) {
      return nodeForClass(raw, visiting);
    }
    if (List.class.isAssignableFrom(raw) && args.length == 1) {
      Node e = nodeFor(args[0], visiting);
      return e == NONE ? NONE : new ListNode(e);
    }
    if (Set.class.isAssignableFrom(raw) && args.length == 1) {
      Node e = nodeFor(args[0], visiting);
      return e == NONE ? NONE : new SetNode(e);
    }
    if (Map.class.isAssignableFrom(raw) && args.length == 2) {
      Node v = nodeFor(args[1], visiting);
      return v == NONE ? NONE : new MapNode(v);
    }
    if (raw == Optional.class && args.length == 1) {
      Node e = nodeFor(args[0], visiting);
      return e == NONE ? NONE : new OptionalNode(e);
    }
    return nodeForClass(raw, visiting);
  }
}
