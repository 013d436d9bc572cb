/**
 * The typed configuration registry: every {@code hyperactor.*} key with its environment variable,
 * type, default and documentation, and the layered lookup that resolves it.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.config.HyperactorAttrs}
 *   <dd>The registry: one {@link io.hyperactor.config.Attr} constant per key.
 *   <dt>{@link io.hyperactor.config.HyperactorConfig}
 *   <dd>The resolved configuration, highest layer first: test overrides, environment variables
 *       and system properties, runtime overrides, application file, defaults; with a dump,
 *       scoped overrides and propagation to child processes.
 *   <dt>{@link io.hyperactor.config.HumanDuration}
 *   <dd>Parsing and formatting of durations ({@code 500ms}, {@code 1h 30m}, {@code 5 seconds}).
 *   <dt>{@link io.hyperactor.config.ConfigValidationException}
 *   <dd>Every problem found while loading, reported together.
 * </dl>
 */
@NullMarked
package io.hyperactor.config;

import org.jspecify.annotations.NullMarked;
