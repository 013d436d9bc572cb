package io.hyperactor.internal.mesh.cast;

/**
 * What a comm actor accepts: its place in the comm tree, casts from casters, and casts forwarded by
 * other comm actors.
 */
sealed interface CommMessage permits CommMeshConfig, CastMessageV1, ForwardMessageV1 {}
