/**
 * The network channel transport: links over gRPC bidirectional streams, on TCP and on Unix domain
 * sockets, with session ids, sequence numbers, cumulative acknowledgements, resend after reconnect,
 * duplicate suppression and a delivery timeout. See {@code docs/transport.md}.
 *
 * <p>{@link io.hyperactor.transport.grpc.GrpcChannelProvider} is the only public type; generated
 * protocol classes live in {@code io.hyperactor.transport.grpc.proto} and never appear in public
 * signatures.
 */
@NullMarked
package io.hyperactor.transport.grpc;

import org.jspecify.annotations.NullMarked;
