package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.Telemetry;
import java.time.Duration;

/**
 * The channel keys of the configuration, read together at one moment (a dial, a connect, a serve).
 *
 * @param deliveryTimeout {@code message_delivery_timeout}: a message still unacknowledged this long
 *     after it was posted closes its link and comes back to its sender
 * @param ackTimeInterval {@code message_ack_time_interval}: the longest a receiver holds back an
 *     acknowledgement
 * @param ackEveryNMessages {@code message_ack_every_n_messages}: a receiver acknowledges at least
 *     this often, counted in messages
 * @param maxFrameLength {@code codec_max_frame_length}: the largest encoded message, in bytes
 */
public record ChannelSettings(
    Duration deliveryTimeout,
    Duration ackTimeInterval,
    long ackEveryNMessages,
    long maxFrameLength,
    Telemetry telemetry) {

  public ChannelSettings {
    checkNotNull(deliveryTimeout, "deliveryTimeout");
    checkNotNull(ackTimeInterval, "ackTimeInterval");
    checkNotNull(telemetry, "telemetry");
    checkArgument(
        deliveryTimeout.isPositive(),
        "message_delivery_timeout must be positive, got %s",
        deliveryTimeout);
    checkArgument(
        ackTimeInterval.isPositive(),
        "message_ack_time_interval must be positive, got %s",
        ackTimeInterval);
    checkArgument(
        ackEveryNMessages >= 1,
        "message_ack_every_n_messages must be >= 1, got %s",
        ackEveryNMessages);
    checkArgument(
        maxFrameLength >= 1, "codec_max_frame_length must be >= 1, got %s", maxFrameLength);
  }

  /** The current values in {@code config}. */
  public static ChannelSettings from(HyperactorConfig config) {
    return from(config, Telemetry.disabled());
  }

  /** The settings {@code config} gives, with links that count reconnects in {@code telemetry}. */
  public static ChannelSettings from(HyperactorConfig config, Telemetry telemetry) {
    checkNotNull(config, "config");
    return new ChannelSettings(
        config.get(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT),
        config.get(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL),
        config.get(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES),
        config.get(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH),
        telemetry);
  }
}
