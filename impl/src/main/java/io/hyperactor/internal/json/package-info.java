/**
 * JSON forms of the runtime's public values, written and read with Jackson.
 *
 * <p>{@link io.hyperactor.internal.json.MeshJsonModule} teaches an {@code ObjectMapper} the
 * upstream JSON of regions and value meshes; {@link io.hyperactor.internal.json.ValueMeshJson} is
 * the two calls most callers need. Jackson appears in no signature outside this package but the
 * module itself.
 */
@NullMarked
package io.hyperactor.internal.json;

import org.jspecify.annotations.NullMarked;
