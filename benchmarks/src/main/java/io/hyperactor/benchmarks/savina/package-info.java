/**
 * The Savina actor benchmark suite's sizes, shared computations and result checks; each runtime's
 * actors live beside that runtime's other scenarios.
 */
@NullMarked
package io.hyperactor.benchmarks.savina;

import org.jspecify.annotations.NullMarked;
