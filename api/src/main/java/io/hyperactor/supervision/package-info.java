/**
 * Actor lifecycle statuses, failures and supervision events.
 *
 * <p>{@link io.hyperactor.supervision.ActorStatus} enumerates the lifecycle states and the legal
 * transitions between them; {@link io.hyperactor.supervision.ActorSupervisionEvent} is what a
 * terminated actor reports to its parent (or, for roots, to the proc's supervision coordinator).
 */
@NullMarked
package io.hyperactor.supervision;

import org.jspecify.annotations.NullMarked;
