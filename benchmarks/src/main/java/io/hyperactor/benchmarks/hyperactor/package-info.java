/**
 * The Hyperactor side of the local benchmarks, written as a Hyperactor user would: sealed message
 * interfaces and records, handlers that send through local handles.
 */
@NullMarked
package io.hyperactor.benchmarks.hyperactor;

import org.jspecify.annotations.NullMarked;
