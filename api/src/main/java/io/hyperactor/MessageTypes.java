package io.hyperactor;

import com.google.common.primitives.Primitives;
import com.google.common.reflect.TypeToken;
import java.lang.reflect.TypeVariable;

/**
 * Resolves the message type an actor class fixes for {@link Actor}'s type parameter, once per
 * class.
 */
final class MessageTypes {
  private static final TypeVariable<?> MESSAGE = Actor.class.getTypeParameters()[0];

  // A memo of a fact about each class, which never changes: resolving walks the class's
  // supertypes, too slow to repeat on every spawn.
  private static final ClassValue<Class<?>> RESOLVED =
      new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> type) {
          if (!Actor.class.isAssignableFrom(type)) {
            return Object.class;
          }
          // A type variable the class leaves open resolves to its bound's raw type: Object for
          // an unbounded one, which accepts every message.
          return Primitives.wrap(TypeToken.of(type).resolveType(MESSAGE).getRawType());
        }
      };

  private MessageTypes() {}

  /** {@code M} as {@code actorClass} fixes it, or its bound when the class leaves it open. */
  static Class<?> resolve(Class<?> actorClass) {
    return RESOLVED.get(actorClass);
  }
}
