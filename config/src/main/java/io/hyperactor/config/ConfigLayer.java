package io.hyperactor.config;

/**
 * The source a configuration value came from, lowest precedence first.
 *
 * <p>A higher layer replaces the value of every lower layer for the same key. The order is
 * upstream hyperactor's, highest first: test override, environment, runtime, file, default.
 * Upstream's client-override layer, which sits between file and default, has no counterpart here:
 * a child process restores its parent's resolved configuration layer by layer instead (see {@link
 * HyperactorConfig#restoreInChild}).
 */
public enum ConfigLayer {
  /** The registry default, mirrored in {@code reference.conf}. */
  DEFAULT,
  /** The application file ({@code application.conf} or a file the application names). */
  FILE,
  /** A permanent runtime override: {@link HyperactorConfig#set}. */
  RUNTIME,
  /**
   * The process environment: an environment variable such as {@code HYPERACTOR_CLEANUP_TIMEOUT}
   * or a system property such as {@code -Dhyperactor.cleanup_timeout=5s}; the system property
   * wins when both are set.
   */
  ENV,
  /** A scoped override, {@link HyperactorConfig#override}, meant for tests. */
  TEST_OVERRIDE
}
