/**
 * Channels: addresses, the sending and receiving ends of a link, and what a sender learns when a
 * message cannot be delivered.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.channel.ChannelAddr}, {@link io.hyperactor.channel.ChannelTransport}
 *   <dd>Where a channel lives, in the upstream string forms ({@code local:N}, {@code
 *       tcp:host:port}, {@code unix:/path}, {@code unix:@name}); {@code parse} and {@code toString}
 *       round-trip.
 *   <dt>{@link io.hyperactor.channel.Tx}, {@link io.hyperactor.channel.Rx}
 *   <dd>The two ends of a channel; {@link io.hyperactor.channel.Channels} serves and dials them.
 *   <dt>{@link io.hyperactor.channel.LinkStatus}, {@link io.hyperactor.channel.SendError}
 *   <dd>A sender's view of its link, and a message returned to its sender with the reason.
 *   <dt>{@link io.hyperactor.channel.ChannelCodec}
 *   <dd>How messages become bytes on transports that leave the JVM.
 * </dl>
 */
@NullMarked
package io.hyperactor.channel;

import org.jspecify.annotations.NullMarked;
