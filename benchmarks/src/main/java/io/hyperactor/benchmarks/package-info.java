/**
 * Side-by-side benchmarks of Hyperactor for Java and Apache Pekko (typed Java API), run in one
 * process and reported as ratios; physical ceilings (raw sockets, bare JVM start) where one applies.
 *
 * <p>Run everything with {@code bin/bench}. Benchmarks are not tests: nothing here asserts a timing.
 */
@NullMarked
package io.hyperactor.benchmarks;

import org.jspecify.annotations.NullMarked;
