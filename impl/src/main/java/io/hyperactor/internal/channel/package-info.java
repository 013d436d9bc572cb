/**
 * Transport-neutral channel plumbing and the in-JVM {@code local} transport.
 *
 * <p>Public types here exist so the network transports can share them; they are not part of the
 * supported API.
 */
@NullMarked
package io.hyperactor.internal.channel;

import org.jspecify.annotations.NullMarked;
