package io.hyperactor.internal;

import com.google.common.collect.ImmutableMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * What an instance makes on first use and most instances never make: its actor-local storage, a
 * managed actor's timers, the headers of the message it is handling when that message has any
 * and, for an actor on virtual threads, the MDC entries it keeps. One object made by the first of
 * them, instead of a reference to each in every instance (an idle child of a large tree has none
 * of them). A mesh's actor has one from the start, for its rank.
 */
final class InstanceExtras {
  private static final VarHandle LOCALS;

  static {
    try {
      LOCALS =
          MethodHandles.lookup().findVarHandle(InstanceExtras.class, "locals", LocalStorage.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile @Nullable LocalStorage locals;

  /** The actor's rank in its mesh, as the MDC shows it; null for an actor outside a mesh. */
  final @Nullable String rank;

  /** Extras made on first use, by an instance without a rank. */
  InstanceExtras() {
    this(null);
  }

  /** Extras made at construction, by a mesh's actor. */
  InstanceExtras(@Nullable String rank) {
    this.rank = rank;
  }

  /** A managed actor's timers; written under the instance's lock (see its {@code timers()}). */
  volatile @Nullable ActorTimers<?> timers;

  /** The MDC entries of an actor on virtual threads; confined to the loop's owner. */
  @Nullable ActorMdc mdc;

  /** The headers of the message being handled; confined to the loop's owner. */
  ImmutableMap<String, String> headers = ImmutableMap.of();

  /** The locals, made on first use. */
  LocalStorage locals() {
    LocalStorage l = locals;
    if (l == null) {
      LocalStorage made = new LocalStorage();
      l = (LocalStorage) LOCALS.compareAndExchange(this, (LocalStorage) null, made);
      if (l == null) {
        l = made;
      }
    }
    return l;
  }

  @Nullable LocalStorage localsIfAny() {
    return locals;
  }
}
