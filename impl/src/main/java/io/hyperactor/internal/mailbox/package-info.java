/**
 * The mailbox layer over channels: the codec registry and envelope wire format, and the senders
 * that route envelopes between procs (muxer, router, dialing router, channel client and server).
 */
@NullMarked
package io.hyperactor.internal.mailbox;

import org.jspecify.annotations.NullMarked;
