package io.hyperactor.cli;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Strings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line progress bar for work of a known length, redrawn in place on a terminal: {@code
 * recording [##########..........]  2.5s / 5.0s}.
 *
 * <p>Each {@link #update} rewrites the line (a carriage return, then the bar); {@link #finish}
 * clears it, so the lines printed after it start at the left margin. Time past the total shows in
 * the numbers while the bar stays full (the server may take a moment after recording to send the
 * answer). Not thread-safe: the command's own thread draws it.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private final Duration total;
  private int drawnLength;

  ProgressBar(PrintWriter err, String label, Duration total) {
    checkArgument(!total.isNegative() && !total.isZero(), "total must be positive, not %s", total);
    this.err = checkNotNull(err, "err");
    this.label = checkNotNull(label, "label");
    this.total = total;
  }

  /** The bar after {@code elapsed}, as {@link #update} draws it. */
  String render(Duration elapsed) {
    double fraction = Math.min(1.0, (double) elapsed.toMillis() / total.toMillis());
    int filled = (int) Math.floor(fraction * WIDTH);
    return label
        + " ["
        + Strings.repeat("#", filled)
        + Strings.repeat(".", WIDTH - filled)
        + "] "
        + seconds(elapsed)
        + " / "
        + seconds(total);
  }

  /** Redraws the bar for {@code elapsed}. */
  void update(Duration elapsed) {
    String text = render(elapsed);
    err.print("\r" + Strings.padEnd(text, drawnLength, ' '));
    err.flush();
    drawnLength = text.length();
  }

  /** Clears the bar's line, if it was drawn. */
  void finish() {
    if (drawnLength > 0) {
      err.print("\r" + Strings.repeat(" ", drawnLength) + "\r");
      err.flush();
      drawnLength = 0;
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
