/**
 * The raw gRPC side of the remote scenarios: a bidirectional gRPC stream between the driver and a
 * peer JVM with no actor runtime, to show what the framing alone costs.
 */
@NullMarked
package io.hyperactor.benchmarks.grpc;

import org.jspecify.annotations.NullMarked;
