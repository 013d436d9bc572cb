package io.hyperactor.it.host;

import java.io.IOException;

/**
 * A child that never calls its host back: it only waits for its stdin to close (its parent closing
 * the pipe or dying), then exits.
 */
public final class SilentChildMain {
  private SilentChildMain() {}

  public static void main(String[] args) throws IOException {
    while (System.in.read() != -1) {
      // Stop requests are ignored: this child stands for one that hangs before readiness.
    }
    System.exit(2);
  }
}
