/** Tests of the Guice wiring. */
@NullMarked
package io.hyperactor.inject;

import org.jspecify.annotations.NullMarked;
