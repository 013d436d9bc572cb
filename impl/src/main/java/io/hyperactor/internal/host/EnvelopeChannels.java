package io.hyperactor.internal.host;

import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelCodec;

/**
 * The codec hosts use for envelope channels.
 *
 * <p>In-JVM ({@code local:}) channels pass objects without encoding, so hosts whose managers use
 * the local transport route through channels today. Envelopes cross JVMs only through the mailbox
 * layer's wire codec; until it is wired here, encoding fails with a message that says so, and the
 * channel returns the envelope to its sender.
 */
final class EnvelopeChannels {
  static final ChannelCodec<MessageEnvelope> CODEC =
      new ChannelCodec<>() {
        @Override
        public byte[] encode(MessageEnvelope message) {
          throw new UnsupportedOperationException(
              "cannot encode " + message + ": no envelope wire codec is installed for hosts");
        }

        @Override
        public MessageEnvelope decode(byte[] bytes) {
          throw new UnsupportedOperationException(
              "cannot decode a " + bytes.length + "-byte envelope: no envelope wire codec is"
                  + " installed for hosts");
        }

        @Override
        public String toString() {
          return "host envelopes (in-JVM only)";
        }
      };

  private EnvelopeChannels() {}
}
