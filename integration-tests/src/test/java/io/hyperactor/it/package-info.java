/** Integration tests that run procs in separate JVMs and talk to them over real channels. */
@NullMarked
package io.hyperactor.it;

import org.jspecify.annotations.NullMarked;
