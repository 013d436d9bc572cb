package io.hyperactor.channel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The codecs behind {@link ChannelCodec#bytes()} and {@link ChannelCodec#utf8()}. */
final class BuiltinCodecs {
  private BuiltinCodecs() {}

  static final ChannelCodec<byte[]> BYTES =
      new ChannelCodec<>() {
        @Override
        public byte[] encode(byte[] message) {
          return message;
        }

        @Override
        public byte[] decode(byte[] bytes) {
          return bytes;
        }

        @Override
        public String toString() {
          return "ChannelCodec.bytes()";
        }
      };

  static final ChannelCodec<String> UTF8 =
      new ChannelCodec<>() {
        @Override
        public byte[] encode(String message) {
          return message.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return decode(ByteBuffer.wrap(bytes));
        }

        @Override
        public String decode(ByteBuffer bytes) {
          int length = bytes.remaining();
          try {
            return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes)
                .toString();
          } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                "malformed UTF-8 in a message of " + length + " bytes", e);
          }
        }

        @Override
        public String toString() {
          return "ChannelCodec.utf8()";
        }
      };
}
