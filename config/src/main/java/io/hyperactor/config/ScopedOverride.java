package io.hyperactor.config;

/**
 * A runtime override that lasts until it is closed; use it in try-with-resources.
 *
 * <pre>{@code
 * try (ScopedOverride o = HyperactorConfig.global().override(HyperactorAttrs.CLEANUP_TIMEOUT,
 *     Duration.ofMillis(100))) {
 *   ... code that reads cleanup_timeout sees 100ms ...
 * }
 * }</pre>
 *
 * <p>Overrides nest: the newest open override of a key wins, and closing it restores what was
 * visible before it was opened. They must be closed in the reverse order of opening; closing one
 * while a newer override on the same configuration is still open throws {@link
 * IllegalStateException} and changes nothing. Closing twice is a no-op.
 */
public interface ScopedOverride extends AutoCloseable {

  /**
   * Removes this override, restoring the values that were visible when it was opened.
   *
   * @throws IllegalStateException if a newer override on the same configuration is still open
   */
  @Override
  void close();
}
