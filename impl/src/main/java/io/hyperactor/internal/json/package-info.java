/**
 * JSON forms of the runtime's public values, written and read with Jackson.
 *
 * <p>{@link io.hyperactor.internal.json.MeshJsonModule} teaches an {@code ObjectMapper} the
 * upstream JSON of regions and value meshes; {@link io.hyperactor.internal.json.ValueMeshJson} is
 * the two calls the runtime needs. Jackson appears in no signature outside this package but the
 * module itself.
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications,
 * examples and tests outside the runtime use the public packages ({@code io.hyperactor.*} and
 * {@code io.hyperactor.runtime.ActorSystem}) instead.
 */
@NullMarked
package io.hyperactor.internal.json;

import org.jspecify.annotations.NullMarked;
