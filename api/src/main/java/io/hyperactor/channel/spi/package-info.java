/**
 * The extension point for channel transports: implement {@link
 * io.hyperactor.channel.spi.ChannelProvider} and list it in {@code META-INF/services}.
 */
@NullMarked
package io.hyperactor.channel.spi;

import org.jspecify.annotations.NullMarked;
