package io.hyperactor.config;

/**
 * The source a configuration value came from, lowest precedence first.
 *
 * <p>A higher layer replaces the value of every lower layer for the same key. The order is
 * upstream hyperactor's, highest first: test override, environment, runtime, file, client
 * override, default. A child process restores its parent's resolved configuration layer by layer
 * (see {@link HyperactorConfig#restoreInChild}); the client-override layer holds the configuration
 * a mesh client pushed to the host or proc ({@link HyperactorConfig#setClientOverrides}).
 */
public enum ConfigLayer {
  /** The registry default, mirrored in {@code reference.conf}. */
  DEFAULT,
  /**
   * The configuration of the mesh client that created this proc, or that attached to this host:
   * it beats the defaults, and loses to everything this process was given itself.
   */
  CLIENT_OVERRIDE,
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
