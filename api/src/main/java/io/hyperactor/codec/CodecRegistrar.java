package io.hyperactor.codec;

/**
 * Registers the message types an actor system may send and receive over a network channel, each
 * under a stable type name.
 *
 * <p>Only registered types (and the built-in ones: strings, numbers, byte arrays, collections,
 * ids, refs and the runtime's own messages) are ever instantiated from the wire. A type name is
 * looked up in the registry and never taken as a class name. Each type name and each class may be
 * registered once; a second registration fails with an {@link IllegalArgumentException} naming
 * both.
 *
 * <pre>{@code
 * ActorSystem system = ActorSystem.builder()
 *     .codecs(codecs -> codecs
 *         .sealed("app.CounterMsg", CounterMsg.class)
 *         .record("app.Totals", Totals.class))
 *     .build();
 * }</pre>
 */
public interface CodecRegistrar {

  /** Registers a record type under {@code typeName}; its components must be encodable too. */
  CodecRegistrar record(String typeName, Class<? extends Record> type);

  /** Registers an enum type under {@code typeName}. */
  <E extends Enum<E>> CodecRegistrar enumType(String typeName, Class<E> type);

  /**
   * Registers every record and enum of the sealed hierarchy under {@code type}, each as {@code
   * baseName + "." + its simple name}; nested sealed interfaces are walked too. This is how an
   * actor's protocol is registered in one line.
   */
  CodecRegistrar sealed(String baseName, Class<?> type);

  /**
   * Registers a Protobuf message class under {@code typeName}, encoded natively with the parser
   * its generated {@code parser()} method returns.
   *
   * @throws IllegalArgumentException when {@code type} is not a generated Protobuf message class
   */
  CodecRegistrar proto(String typeName, Class<?> type);
}
