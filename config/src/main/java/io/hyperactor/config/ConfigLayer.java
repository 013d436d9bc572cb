package io.hyperactor.config;

/**
 * The source a configuration value came from, lowest precedence first.
 *
 * <p>A higher layer replaces the value of every lower layer for the same key: {@link #RUNTIME}
 * beats {@link #FILE}, which beats {@link #ENV}, which beats {@link #DEFAULT}.
 */
public enum ConfigLayer {
  /** The registry default, mirrored in {@code reference.conf}. */
  DEFAULT,
  /** An environment variable such as {@code HYPERACTOR_CLEANUP_TIMEOUT}. */
  ENV,
  /** The application file ({@code application.conf} or a file the application names). */
  FILE,
  /** A runtime override: {@link HyperactorConfig#set} or a scoped {@link HyperactorConfig#override}. */
  RUNTIME
}
