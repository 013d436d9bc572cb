/** A measurement of candidate payload codecs for records. */
@NullMarked
package io.hyperactor.benchmarks.codec;

import org.jspecify.annotations.NullMarked;
