/**
 * The {@code hyperactor} command line ({@link io.hyperactor.cli.HyperactorCli}): {@code hyperactor
 * host} serves a standalone host for mesh clients to attach to; {@code tree}, {@code status},
 * {@code threads}, {@code profile}, {@code config} and {@code logs} ask a running mesh admin
 * server over its HTTP API. Built on the public API only.
 */
@NullMarked
package io.hyperactor.cli;

import org.jspecify.annotations.NullMarked;
