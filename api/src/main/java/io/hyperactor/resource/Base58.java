package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Base58 encoding of unsigned 64-bit uids with the Flickr alphabet, as resource ids render them.
 *
 * <p>Encoding is big-endian and 0 encodes as {@code "1"}; decoding rejects empty input, characters
 * outside the alphabet and values that overflow 64 bits.
 */
public final class Base58 {
  /** The Flickr alphabet: digits, then lowercase, then uppercase, without 0, O, I and l. */
  public static final String ALPHABET =
      "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

  private Base58() {}

  /** Encodes {@code value}, read as an unsigned 64-bit number. */
  public static String encode(long value) {
    if (value == 0) {
      return "1";
    }
    StringBuilder out = new StringBuilder();
    long v = value;
    while (v != 0) {
      out.append(ALPHABET.charAt((int) Long.remainderUnsigned(v, 58)));
      v = Long.divideUnsigned(v, 58);
    }
    return out.reverse().toString();
  }

  /**
   * Decodes {@code text} into an unsigned 64-bit number.
   *
   * @throws IllegalArgumentException naming the input when it is empty, has a character outside the
   *     alphabet, or does not fit in 64 bits
   */
  public static long decode(String text) {
    checkNotNull(text, "text");
    checkArgument(!text.isEmpty(), "invalid base58 '': empty input");
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = ALPHABET.indexOf(c);
      checkArgument(
          digit >= 0,
          "invalid base58 '%s': character '%s' at %s is not in the alphabet",
          text,
          c,
          i);
      long max = Long.divideUnsigned(-1L - digit, 58);
      checkArgument(
          Long.compareUnsigned(value, max) <= 0, "invalid base58 '%s': overflows 64 bits", text);
      value = value * 58 + digit;
    }
    return value;
  }
}
