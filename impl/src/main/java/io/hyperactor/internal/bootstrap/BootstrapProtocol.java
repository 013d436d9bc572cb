package io.hyperactor.internal.bootstrap;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;

/**
 * The protocol between a process-forking manager and the child JVM it starts.
 *
 * <ul>
 *   <li>Environment: {@value #PROC_ID_ENV} (the proc's id), {@value #BACKEND_ADDR_ENV} (where the
 *       proc sends everything not local to it), {@value #CALLBACK_ADDR_ENV} (a UTF-8 channel the
 *       child reports readiness on) and {@code HYPERACTOR_CONFIG} (the parent's configuration).
 *   <li>Callback: one line {@code ready <served addr> <agent actor id>}.
 *   <li>Control, on the child's stdin: a line {@code stop <reason>} asks the proc to stop all its
 *       actors and exit; end of input means the parent is gone, and the child exits at once.
 * </ul>
 */
public final class BootstrapProtocol {
  /** The proc's id, as {@code ProcId.toString()}. */
  public static final String PROC_ID_ENV = "HYPERACTOR_HOST_PROC_ID";

  /** The host backend address the proc forwards to. */
  public static final String BACKEND_ADDR_ENV = "HYPERACTOR_HOST_BACKEND_ADDR";

  /** The address of the channel the child reports readiness on. */
  public static final String CALLBACK_ADDR_ENV = "HYPERACTOR_HOST_CALLBACK_ADDR";

  /** Exit code of a child that could not bootstrap. */
  public static final int BOOTSTRAP_FAILED_EXIT_CODE = 1;

  /** Exit code of a child whose parent went away. */
  public static final int PARENT_GONE_EXIT_CODE = 2;

  private static final String READY = "ready ";
  private static final String STOP = "stop ";

  private BootstrapProtocol() {}

  /**
   * The readiness report of a child.
   *
   * @param addr the address the proc serves
   * @param agent the id of the proc's agent
   */
  public record Ready(ChannelAddr addr, ActorId agent) {
    public Ready {
      checkNotNull(addr, "addr");
      checkNotNull(agent, "agent");
    }
  }

  /** The callback line reporting {@code ready}. */
  public static String encodeReady(Ready ready) {
    return READY + ready.addr() + " " + ready.agent();
  }

  /**
   * Parses a callback line.
   *
   * @throws IllegalArgumentException naming the line and the problem
   */
  public static Ready parseReady(String line) {
    checkNotNull(line, "line");
    checkArgument(
        line.startsWith(READY),
        "invalid bootstrap callback '%s': expected 'ready <addr> <agent>'",
        line);
    String rest = line.substring(READY.length());
    int space = rest.indexOf(' ');
    checkArgument(
        space > 0, "invalid bootstrap callback '%s': expected 'ready <addr> <agent>'", line);
    try {
      return new Ready(
          ChannelAddr.parse(rest.substring(0, space)), ActorId.parse(rest.substring(space + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid bootstrap callback '" + line + "': " + e.getMessage(), e);
    }
  }

  /** The control line asking the child to stop. */
  public static String encodeStop(String reason) {
    return STOP + reason.replace('\n', ' ').replace('\r', ' ');
  }

  /** The reason of a stop line, or null when {@code line} is not one. */
  static @org.jspecify.annotations.Nullable String parseStop(String line) {
    return line.startsWith(STOP) ? line.substring(STOP.length()) : null;
  }
}
