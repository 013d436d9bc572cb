/**
 * The mesh admin HTTP server's public face.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.admin.MeshAdmin}
 *   <dd>A running admin server: its address, and how to stop it.
 * </dl>
 */
@NullMarked
package io.hyperactor.admin;

import org.jspecify.annotations.NullMarked;
