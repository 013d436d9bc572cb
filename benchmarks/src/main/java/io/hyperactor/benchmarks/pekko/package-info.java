/** The Apache Pekko (typed Java API) side of each benchmark, written as a Pekko user would. */
@NullMarked
package io.hyperactor.benchmarks.pekko;

import org.jspecify.annotations.NullMarked;
