/**
 * Integration tests of host, proc and actor meshes whose hosts and procs are real child JVMs.
 */
@NullMarked
package io.hyperactor.it.mesh;

import org.jspecify.annotations.NullMarked;
