/**
 * Integration tests of casting: actor meshes on hosts in forked JVMs, reached through the comm tree
 * across process boundaries.
 */
@NullMarked
package io.hyperactor.it.cast;

import org.jspecify.annotations.NullMarked;
