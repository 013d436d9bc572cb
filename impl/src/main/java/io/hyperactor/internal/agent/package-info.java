/**
 * The proc agent: the actor every proc runs as {@code proc_agent}, which coordinates the proc's
 * supervision, manages actors as resources for their owners, reaps orphans, shuts the process down
 * after {@code StopAll}, publishes the proc's introspection node and serves debug dumps.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.internal.agent.ProcAgent}
 *   <dd>the agent and its {@code boot} entry point.
 *   <dt>{@link io.hyperactor.internal.agent.SpawnableRegistry}
 *   <dd>the actor types the agent may instantiate from an {@link io.hyperactor.resource.ActorSpec}.
 *   <dt>{@link io.hyperactor.internal.agent.ProcExitHook}
 *   <dd>how the agent ends the process; replaced in tests.
 * </dl>
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications,
 * examples and tests outside the runtime use the public packages ({@code io.hyperactor.*} and
 * {@code io.hyperactor.runtime.ActorSystem}) instead.
 */
@NullMarked
package io.hyperactor.internal.agent;

import org.jspecify.annotations.NullMarked;
