package io.hyperactor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an actor whose handlers may block: on I/O, a lock, a sleep, or a reply they wait for.
 *
 * <p>By default (config key {@code actor_dispatcher = pool}) activations run on a shared pool of
 * platform threads, one worker per core; a handler that blocks there holds a
 * pool thread for as long as it blocks, and enough of them starve every other actor. The
 * activations of a {@code @Blocking} actor run on virtual threads instead, so a blocked handler
 * holds no platform thread. It is the counterpart of Pekko's {@code DispatcherSelector.blocking()}.
 *
 * <p>Waiting through the runtime's own primitives ({@link PortReceiver#recv}, {@link
 * OncePortReceiver#recv}) is safe on the pool without this annotation: the pool adds a thread for
 * the duration of the wait.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Blocking {}
