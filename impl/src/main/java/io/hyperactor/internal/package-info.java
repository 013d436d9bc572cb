/**
 * The actor runtime: procs, instances, mailboxes, ports, supervision and introspection.
 *
 * <p>Everything here is package-private except {@link io.hyperactor.internal.Procs}, the factory
 * other modules use to create procs. See {@code docs/architecture.md} for how the pieces fit.
 */
@NullMarked
package io.hyperactor.internal;

import org.jspecify.annotations.NullMarked;
