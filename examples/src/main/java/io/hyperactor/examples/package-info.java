/** Example applications, run by {@code bin/demo}. */
@NullMarked
package io.hyperactor.examples;

import org.jspecify.annotations.NullMarked;
