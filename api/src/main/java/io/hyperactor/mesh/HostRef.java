package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;

/**
 * One host of a host mesh, named by its frontend address.
 *
 * <p>Every host runs its host agent as actor {@value #HOST_AGENT_NAME} on its service proc
 * ({@value #SERVICE_PROC_NAME}); the agent creates, stops and reports the host's procs. A host's
 * procs are named under the same address. The display form is the address; {@link #parse} reads it
 * back.
 *
 * <pre>{@code
 * HostRef host = HostRef.parse("tcp:127.0.0.1:26600");
 * host.agentId();   // tcp:127.0.0.1:26600,service,host_agent[0]
 * }</pre>
 *
 * @param addr the host's frontend address
 */
public record HostRef(ChannelAddr addr) {
  /** The name of the host agent actor on every host's service proc. */
  public static final String HOST_AGENT_NAME = "host_agent";

  /** The name of every host's service proc. */
  public static final String SERVICE_PROC_NAME = "service";

  public HostRef {
    checkNotNull(addr, "addr");
  }

  /**
   * Parses a frontend address.
   *
   * @throws IllegalArgumentException naming the text when it is not a channel address
   */
  public static HostRef parse(String text) {
    checkNotNull(text, "text");
    try {
      return new HostRef(ChannelAddr.parse(text.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid host '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The host's service proc. */
  public ProcId serviceProc() {
    return new ProcId(addr, SERVICE_PROC_NAME);
  }

  /** The host agent. */
  public ActorId agentId() {
    return serviceProc().actorId(HOST_AGENT_NAME);
  }

  /** The id of the proc {@code name} on this host. */
  public ProcId procId(String name) {
    return new ProcId(addr, name);
  }

  @Override
  public String toString() {
    return addr.toString();
  }
}
