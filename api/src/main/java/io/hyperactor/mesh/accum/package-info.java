/**
 * Accumulators and reducers: how a stream of updates is folded into a state, and how updates on
 * their way to that state are combined with each other.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.mesh.accum.Accumulator}
 *   <dd>folds updates into a state; an accumulating port holds the state and emits it after every
 *       update. Factories are in {@link io.hyperactor.mesh.accum.Accumulators}.
 *   <dt>{@link io.hyperactor.mesh.accum.Reducer}
 *   <dd>combines two updates into one, associatively and commutatively, so replies to a cast can be
 *       combined on their way back. Factories are in {@link io.hyperactor.mesh.accum.Reducers}.
 *   <dt>{@link io.hyperactor.mesh.accum.ReducerSpec} and {@link
 *       io.hyperactor.mesh.accum.ReducerRegistry}
 *   <dd>a reducer's name as it travels with a port reference, and the table that resolves names on
 *       the proc that reduces.
 *   <dt>{@link io.hyperactor.mesh.accum.GCounter}, {@link io.hyperactor.mesh.accum.PNCounter},
 *       {@link io.hyperactor.mesh.accum.WatermarkUpdate}
 *   <dd>conflict-free replicated counters and a low watermark: updates whose reduction is
 *       idempotent, so a duplicated update does not change the result.
 * </dl>
 */
@NullMarked
package io.hyperactor.mesh.accum;

import org.jspecify.annotations.NullMarked;
