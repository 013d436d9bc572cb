package io.hyperactor.config;

import java.util.Locale;

/** Where actor activations run; a Java-only setting. */
public enum DispatcherKind {
  /**
   * A shared fork/join pool of platform threads, as in Pekko's default dispatcher. Actors marked
   * {@code @Blocking} and system actors still run on virtual threads.
   */
  POOL,
  /** A fresh virtual thread for every activation of every actor. */
  VIRTUAL;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
