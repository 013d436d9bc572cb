package io.hyperactor.internal.agent;

/**
 * The proc agent's periodic orphan check: stops managed actors whose owner's keepalive expired,
 * then re-arms itself after {@code mesh_orphan_timeout}.
 *
 * <p>Does nothing when orphan reaping is disabled. Other agents reuse it for their own orphan
 * loops.
 */
public record SelfCheck() {}
