package io.hyperactor.codec;

/**
 * The message types an actor system can encode and decode, and their encodings: built-in types
 * plus what was registered with a {@link CodecRegistrar}. Immutable and thread-safe.
 */
public interface MessageCodecs {

  /** Whether {@code typeName} is a registered or built-in type name. */
  boolean isKnown(String typeName);

  /**
   * The type name {@code value} travels under.
   *
   * @throws CodecException naming the class when it is not registered
   */
  String typeNameOf(Object value);

  /**
   * The encoded form of {@code value}.
   *
   * @throws CodecException naming the class when it, or a value inside it, is not registered
   */
  byte[] encode(Object value);

  /**
   * Decodes {@code bytes} sent as {@code typeName}.
   *
   * @throws CodecException naming the type when it is not registered or the bytes are malformed
   */
  Object decode(String typeName, byte[] bytes);
}
