package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import com.google.common.primitives.Primitives;
import io.hyperactor.Actor;
import java.util.stream.Collectors;

/**
 * The message types a spawned actor accepts, checked before a message reaches its handler.
 *
 * <p>{@code Object} accepts everything and costs nothing per message; otherwise a message is
 * accepted when it is an instance of one of the types.
 */
final class Protocol {
  static final Protocol ANY = new Protocol(ImmutableSet.of(Object.class));

  // A sealed message type has at most this many classes worth comparing one by one.
  private static final int MAX_EXACT = 8;

  private final ImmutableSet<Class<?>> types;
  private final boolean any;
  // The common case, one type, checked without iterating.
  private final Class<?> single;
  // Classes known to be accepted, compared by identity before the instance check: a check against
  // an interface (a sealed message type) searches the class's supertypes, a comparison does not.
  private final Class<?>[] exact;

  private Protocol(ImmutableSet<Class<?>> types) {
    this.types = types;
    this.any = types.contains(Object.class);
    this.single = types.iterator().next();
    this.exact = any ? new Class<?>[0] : ExactClasses.of(types, MAX_EXACT);
  }

  /** Exactly {@code types}. */
  static Protocol of(ImmutableSet<Class<?>> types) {
    checkArgument(!types.isEmpty(), "a protocol needs at least one message type");
    ImmutableSet<Class<?>> boxed =
        types.stream().map(Primitives::wrap).collect(ImmutableSet.toImmutableSet());
    return boxed.contains(Object.class) ? ANY : new Protocol(boxed);
  }

  /** What {@code actor} declares: its {@link UnionProtocol} types, else its message type. */
  static Protocol of(Actor<?> actor) {
    if (actor instanceof UnionProtocol union) {
      ImmutableSet<Class<?>> types = union.messageTypes();
      if (types == null || types.isEmpty()) {
        throw new IllegalStateException(
            actor.getClass().getName() + ".messageTypes() named no message type");
      }
      return of(types);
    }
    Class<?> type = actor.messageType();
    if (type == null) {
      throw new IllegalStateException(actor.getClass().getName() + ".messageType() returned null");
    }
    return ofType(type);
  }

  /**
   * Exactly {@code type}: one protocol per type, shared by all actors of that message type, as a
   * protocol of its own would cost every actor two objects.
   */
  static Protocol ofType(Class<?> type) {
    return SINGLE.get(type);
  }

  private static final ClassValue<Protocol> SINGLE =
      new ClassValue<>() {
        @Override
        protected Protocol computeValue(Class<?> type) {
          return of(ImmutableSet.of(type));
        }
      };

  boolean acceptsAll() {
    return any;
  }

  boolean accepts(Object message) {
    if (any) {
      return true;
    }
    Class<?> type = message.getClass();
    for (Class<?> accepted : exact) {
      if (accepted == type) {
        return true;
      }
    }
    if (single.isInstance(message)) {
      return true;
    }
    if (types.size() == 1) {
      return false;
    }
    for (Class<?> t : types) {
      if (t.isInstance(message)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every message this protocol accepts is one {@code other} accepts too. */
  boolean within(Protocol other) {
    if (other.any) {
      return true;
    }
    for (Class<?> t : types) {
      if (other.types.stream().noneMatch(o -> o.isAssignableFrom(t))) {
        return false;
      }
    }
    return true;
  }

  /** How a refusal names what was expected: one type, or "one of" the types. */
  String describe() {
    if (types.size() == 1) {
      return single.getName();
    }
    return types.stream().map(Class::getName).collect(Collectors.joining(", ", "one of [", "]"));
  }

  /**
   * The reason a message of {@code actual} type was refused at {@code where}, naming the expected
   * and the actual type.
   */
  String refusal(String where, Object message) {
    return where + " accepts " + describe() + ", got " + message.getClass().getName();
  }

  @Override
  public String toString() {
    return describe();
  }
}
