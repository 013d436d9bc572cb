package io.hyperactor.config;

/**
 * How the values of one configuration key are parsed, validated and written as text.
 *
 * <p>Every layer goes through the same text form: environment variables and HOCON scalars are
 * parsed with {@link #parse}, dumps and child propagation use {@link #format}, and {@code
 * parse(format(v))} equals {@code v} for every valid value. Implementations are immutable and
 * thread-safe.
 *
 * @param <T> the Java type of the values
 */
public interface AttrType<T> {

  /** A short name of the type for reference tables: "duration", "integer", "enum ChannelTransport". */
  String typeName();

  /**
   * What a valid value looks like, for error messages: "a duration such as 500ms, 30s, 5m or 1h
   * 30m", "one of local, tcp, unix".
   */
  String expected();

  /**
   * Parses the text form of a value and validates it.
   *
   * @throws IllegalArgumentException whose message names the text and what was expected
   */
  T parse(String text);

  /** Writes a value in its normalized text form. */
  String format(T value);

  /**
   * Checks a value given directly from Java (a runtime override).
   *
   * @throws IllegalArgumentException whose message names the value and what was expected
   */
  T validate(T value);

  /** The Java class of the values, used to check runtime overrides given without generics. */
  Class<?> valueClass();
}
