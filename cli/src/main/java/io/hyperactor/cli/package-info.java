/**
 * The {@code hyperactor} command line ({@link io.hyperactor.cli.HyperactorCli}): {@code hyperactor
 * host} serves a standalone host for mesh clients to attach to. Built on the public API only.
 */
@NullMarked
package io.hyperactor.cli;

import org.jspecify.annotations.NullMarked;
