/**
 * Message codecs: which types an actor system may send over a network channel, and how they are
 * encoded.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.codec.CodecRegistrar}
 *   <dd>Registers records, enums, sealed protocols and Protobuf messages under stable names.
 *   <dt>{@link io.hyperactor.codec.MessageCodecs}
 *   <dd>The resulting registry: encode, decode, look up a type name.
 *   <dt>{@link io.hyperactor.codec.CodecException}
 *   <dd>A value that cannot be encoded, or bytes that cannot be decoded.
 * </dl>
 */
@org.jspecify.annotations.NullMarked
package io.hyperactor.codec;
