/**
 * Transport-neutral channel plumbing and the in-JVM {@code local} transport.
 *
 * <p>Public types here exist so the network transports can share them; they are not part of the
 * supported API.
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications,
 * examples and tests outside the runtime use the public packages ({@code io.hyperactor.*} and
 * {@code io.hyperactor.runtime.ActorSystem}) instead.
 */
@NullMarked
package io.hyperactor.internal.channel;

import org.jspecify.annotations.NullMarked;
