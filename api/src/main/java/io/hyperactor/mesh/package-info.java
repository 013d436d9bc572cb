/**
 * Values over meshes: per-rank values of a region, sparse updates to them, and how they are merged.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.mesh.ValueMesh}
 *   <dd>exactly one value per rank of a region, stored densely or run-length encoded.
 *   <dt>{@link io.hyperactor.mesh.ValueOverlay}
 *   <dd>a sparse, sorted list of rank runs and their values; merged into a mesh, or into another
 *       overlay, with the later (right) value winning.
 * </dl>
 *
 * <p>Accumulators and reducers that fold such updates live in {@link io.hyperactor.mesh.accum}.
 */
@NullMarked
package io.hyperactor.mesh;

import org.jspecify.annotations.NullMarked;
