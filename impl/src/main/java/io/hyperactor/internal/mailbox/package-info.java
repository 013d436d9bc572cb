/**
 * The mailbox layer over channels: the codec registry and envelope wire format, and the senders
 * that route envelopes between procs (muxer, router, dialing router, channel client and server).
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications,
 * examples and tests outside the runtime use the public packages ({@code io.hyperactor.*} and
 * {@code io.hyperactor.runtime.ActorSystem}) instead.
 */
@NullMarked
package io.hyperactor.internal.mailbox;

import org.jspecify.annotations.NullMarked;
