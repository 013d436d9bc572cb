/**
 * The mesh admin HTTP server: the JSON API over the runtime's introspection tree, the stream of
 * supervision events and the dashboard's static files, on the JDK's HTTP server.
 *
 * <p>Started through {@link io.hyperactor.runtime.MeshAdminServer}; everything here is
 * package-private. {@code docs/operations.md} ("Admin HTTP API") documents the endpoints and
 * {@code io/hyperactor/admin/mesh-admin.schema.json} every JSON shape.
 */
@NullMarked
package io.hyperactor.internal.admin;

import org.jspecify.annotations.NullMarked;
