/**
 * Casting: sending one message to many actors of a mesh through a tree of comm actors, one per
 * proc, with replies split at every hop and reduced on their way back.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.internal.mesh.cast.CommActor}
 *   <dd>the comm actor every proc of a proc mesh runs, and its messages.
 *   <dt>{@link io.hyperactor.internal.mesh.cast.CastPaths}
 *   <dd>the caster's side: the tree, point-to-point and fallback paths.
 *   <dt>{@link io.hyperactor.internal.mesh.cast.MessageBinder}
 *   <dd>binding a message to one destination: its ranks and reply ports.
 * </dl>
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release.
 */
@NullMarked
package io.hyperactor.internal.mesh.cast;

import org.jspecify.annotations.NullMarked;
