/**
 * Channel addresses and transports: where a proc can be reached and how.
 *
 * <p>{@link io.hyperactor.channel.ChannelAddr} keeps the upstream string forms ({@code local:N},
 * {@code tcp:host:port}, {@code unix:/path}, {@code unix:@name}); {@code parse} and {@code toString}
 * round-trip.
 */
@NullMarked
package io.hyperactor.channel;

import org.jspecify.annotations.NullMarked;
