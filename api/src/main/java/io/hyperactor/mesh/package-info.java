/**
 * Mesh geometry and the values laid out on it: the labeled, multi-dimensional spaces of ranks that
 * meshes of hosts, procs and actors are laid out in, the views that carve them up by label, and
 * per-rank values over them.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.mesh.Extent} and {@link io.hyperactor.mesh.Point}
 *   <dd>a space of labeled dimensions with sizes ({@code {hosts: 4, gpus: 8}}), and one point of it
 *       with its row-major rank.
 *   <dt>{@link io.hyperactor.mesh.Region}
 *   <dd>the base ranks a mesh or a slice of a mesh covers: labels over a strided {@link
 *       io.hyperactor.mesh.Slice} of a root space.
 *   <dt>{@link io.hyperactor.mesh.View}
 *   <dd>anything indexed by a region, with the operations that slice it by label: {@code range},
 *       {@code slice}, {@code groupBy}.
 *   <dt>{@link io.hyperactor.mesh.Selection}
 *   <dd>an expression selecting points dimension by dimension ({@code *, 0:4}), with its surface
 *       syntax, evaluation against a slice ({@link io.hyperactor.mesh.EvalOpts}) and the
 *       constructions that build one from ranks, slices or labels.
 *   <dt>{@link io.hyperactor.mesh.Range} and {@link io.hyperactor.mesh.Shape}
 *   <dd>a strided range of indices along one dimension; the older labeled-slice form of a region.
 *   <dt>{@link io.hyperactor.mesh.GeometryException}
 *   <dd>what every geometry operation here throws for bad input, with a {@code kind} to tell cases
 *       apart.
 *   <dt>{@link io.hyperactor.mesh.ValueMesh}
 *   <dd>exactly one value per rank of a region, stored densely or run-length encoded.
 *   <dt>{@link io.hyperactor.mesh.ValueOverlay}
 *   <dd>a sparse, sorted list of rank runs and their values; merged into a mesh, or into another
 *       overlay, with the later (right) value winning.
 * </dl>
 *
 * <p>Every geometry value here is immutable, compares by value, and has a display form that its
 * {@code parse} method reads back. Accumulators and reducers that fold value updates live in
 * {@link io.hyperactor.mesh.accum}.
 */
@NullMarked
package io.hyperactor.mesh;

import org.jspecify.annotations.NullMarked;
