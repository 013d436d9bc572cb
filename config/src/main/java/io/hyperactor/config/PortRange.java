package io.hyperactor.config;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A range of TCP ports, both ends included: the value of {@code remote_alloc_allowed_port_range}.
 *
 * <p>The text form is upstream's Rust range, {@code lo..hi} with {@code hi} excluded ({@code
 * 26600..26610} holds ten ports), or {@code lo..=hi} with {@code hi} included ({@code
 * 26600..=26600} is one port). {@link #toString} writes the inclusive form, which {@link #parse}
 * reads back to an equal value.
 *
 * <pre>{@code
 * PortRange range = PortRange.parse("26600..26610");
 * range.first();  // 26600
 * range.last();   // 26609
 * }</pre>
 *
 * @param first the lowest port, in [1, 65535]
 * @param last the highest port, in [first, 65535]
 */
public record PortRange(int first, int last) {

  /** What a valid range looks like, for error messages. */
  static final String EXPECTED = "a port range lo..hi (hi excluded) or lo..=hi (hi included)";

  public PortRange {
    checkArgument(first >= 1 && first <= 65_535, "port %s is not in [1, 65535]", first);
    checkArgument(last >= first && last <= 65_535, "port range %s..=%s is empty or too large", first, last);
  }

  /** How many ports the range holds. */
  public int size() {
    return last - first + 1;
  }

  /** True when {@code port} is in the range. */
  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  /**
   * Parses {@code lo..hi} or {@code lo..=hi}.
   *
   * @throws IllegalArgumentException naming the text and the problem when it is malformed or empty
   */
  public static PortRange parse(String text) {
    checkNotNull(text, "text");
    String s = text.strip();
    int dots = s.indexOf("..");
    if (dots < 0) {
      throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
    }
    boolean inclusive = s.startsWith("=", dots + 2);
    String low = s.substring(0, dots).strip();
    String high = s.substring(dots + (inclusive ? 3 : 2)).strip();
    int lo = port(text, low);
    int hi = port(text, high);
    int last = inclusive ? hi : hi - 1;
    if (last < lo) {
      throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED + ": it is empty");
    }
    return new PortRange(lo, last);
  }

  private static int port(String text, String part) {
    int value;
    try {
      value = Integer.parseInt(part);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED, e);
    }
    if (value < 1 || value > 65_535) {
      throw new IllegalArgumentException(
          "'" + text + "' is not " + EXPECTED + ": port " + value + " is not in [1, 65535]");
    }
    return value;
  }

  @Override
  public String toString() {
    return first + "..=" + last;
  }
}
