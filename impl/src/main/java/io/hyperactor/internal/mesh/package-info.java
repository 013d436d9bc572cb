/**
 * The runtime behind host, proc and actor meshes: the values behind the mesh references, the host
 * agent, the spawns through the host and proc agents, and the extension points of the casting
 * layer.
 *
 * <p>Casting plugs in at two places, both chosen in {@link io.hyperactor.internal.mesh.Casting}:
 *
 * <ul>
 *   <li>{@link io.hyperactor.internal.mesh.Caster}: what {@code ActorMeshRef.cast}, {@code call}
 *       and {@code reduce} do. {@link io.hyperactor.internal.mesh.ActorMeshRefImpl} delegates to
 *       {@code Casting.caster(cx)}, the comm-tree caster of {@link
 *       io.hyperactor.internal.mesh.cast}.
 *   <li>{@link io.hyperactor.internal.mesh.CommMeshHook}: what a new proc mesh runs once every
 *       proc is up and before its owner gets it, to spawn and configure one comm actor per proc;
 *       it hands back the mesh with its root comm actor ({@link
 *       io.hyperactor.internal.mesh.ProcMeshRefImpl#withComm}).
 * </ul>
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications
 * use the mesh interfaces of {@code io.hyperactor.mesh} and the factory {@code
 * io.hyperactor.runtime.HostMeshes}.
 */
@NullMarked
package io.hyperactor.internal.mesh;

import org.jspecify.annotations.NullMarked;
