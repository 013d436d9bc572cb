package io.hyperactor.internal;

import io.hyperactor.Actor;
import io.hyperactor.Blocking;
import io.hyperactor.Instance;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.HandlerInfo;
import java.time.Instant;

/** Facts about actor and message classes, computed once per class (never on the hot path). */
final class ActorClassInfo {
  private static final ClassValue<HandlerInfo> HANDLER_INFO =
      new ClassValue<>() {
        @Override
        protected HandlerInfo computeValue(Class<?> type) {
          Class<?> protocol = type;
          for (Class<?> i : type.getInterfaces()) {
            if (i.isSealed()) {
              protocol = i;
              break;
            }
          }
          return new HandlerInfo(
              protocol.getName(), protocol == type ? null : type.getSimpleName());
        }
      };

  private static final ClassValue<Boolean> OVERRIDES_CLEANUP =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("cleanup", Instance.class, Throwable.class).getDeclaringClass()
                != Actor.class;
          } catch (NoSuchMethodException e) {
            return true;
          }
        }
      };

  private static final ClassValue<Boolean> BLOCKING =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return type.isAnnotationPresent(Blocking.class);
        }
      };

  private ActorClassInfo() {}

  /** The handler a message of {@code type} runs: its sealed protocol and the record arm. */
  static HandlerInfo handlerInfo(Class<?> type) {
    return HANDLER_INFO.get(type);
  }

  /**
   * The {@code Processing} status of the handler a message of {@code type} runs, made once: its
   * {@code since} is a placeholder, as the cell keeps the start and {@link
   * InstanceCell#status()} puts it in.
   */
  static ActorStatus.Processing processing(Class<?> type) {
    return PROCESSING.get(type);
  }

  private static final ClassValue<ActorStatus.Processing> PROCESSING =
      new ClassValue<>() {
        @Override
        protected ActorStatus.Processing computeValue(Class<?> type) {
          return new ActorStatus.Processing(Instant.EPOCH, HANDLER_INFO.get(type));
        }
      };

  /** Whether {@code type} overrides {@link Actor#cleanup}; the default needs no helper thread. */
  static boolean overridesCleanup(Class<?> type) {
    return OVERRIDES_CLEANUP.get(type);
  }

  /** Whether {@code type} is marked {@link Blocking}, so its activations need virtual threads. */
  static boolean isBlocking(Class<?> type) {
    return BLOCKING.get(type);
  }
}
