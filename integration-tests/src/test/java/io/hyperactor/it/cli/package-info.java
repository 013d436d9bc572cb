/** Integration tests of the {@code hyperactor} command line, run as an operator would run it. */
@NullMarked
package io.hyperactor.it.cli;

import org.jspecify.annotations.NullMarked;
