package io.hyperactor.admin;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A running mesh admin HTTP server: the read-mostly view of a runtime's hosts, procs and actors
 * that operators and the dashboard use.
 *
 * <p>It serves the JSON API {@code /v1/...} (the tree of hosts, procs and actors, single nodes,
 * thread dumps, the stream of supervision events and the JSON schema of every answer) and the
 * dashboard's static files; {@code docs/operations.md} ("Admin HTTP API") lists the endpoints. The
 * runtime that started it owns it and closes it when it stops; {@link #close()} stops it earlier,
 * together with the threads it started.
 *
 * <pre>{@code
 * runtime.meshAdmin().ifPresent(admin -> log.info("mesh admin at {}", admin.uri()));
 * }</pre>
 */
public interface MeshAdmin extends AutoCloseable {

  /** The server's base URI, {@code http://host:port/}, with the port it is bound to. */
  URI uri();

  /** The address the server is bound to; the port is the bound one when port 0 was asked for. */
  InetSocketAddress address();

  /** Stops serving, ends the event streams and stops the server's threads. Idempotent. */
  @Override
  void close();
}
