package io.hyperactor.internal.bootstrap;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

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
 *   <li>Pool: a child started with {@value #POOL_MEMBER_ENV} set is an idle member of a warm pool
 *       and has none of the proc's variables; it waits for one line {@code assign <vars>} on its
 *       stdin, whose variables (encoded as {@link #encodeClientConfig} encodes) complete its
 *       environment as of the spawn, then bootstraps as any child.
 * </ul>
 */
public final class BootstrapProtocol {
  /** The proc's id, as {@code ProcId.toString()}. */
  public static final String PROC_ID_ENV = "HYPERACTOR_HOST_PROC_ID";

  /** The host backend address the proc forwards to. */
  public static final String BACKEND_ADDR_ENV = "HYPERACTOR_HOST_BACKEND_ADDR";

  /** The address of the channel the child reports readiness on. */
  public static final String CALLBACK_ADDR_ENV = "HYPERACTOR_HOST_CALLBACK_ADDR";

  /**
   * The configuration of the client a proc is created for, as {@code name=value} pairs joined by
   * {@code &}, each part URL-encoded; installed as the child's client-override layer.
   */
  public static final String CLIENT_CONFIG_ENV = "HYPERACTOR_CLIENT_CONFIG";

  /**
   * Set for an idle pool member, which waits for its assignment on stdin; its value names the
   * transport of the host's procs ({@code unix}, {@code tcp}, ...), over which the member rehearses
   * a proc's boot while it waits.
   */
  public static final String POOL_MEMBER_ENV = "HYPERACTOR_HOST_POOL_MEMBER";

  /**
   * Set for an idle pool member whose stdout the manager reads: once the member waits for its
   * assignment it prints {@link #POOL_WAITING_LINE} there, and only then is it handed out.
   */
  public static final String POOL_WAITING_LINE_ENV = "HYPERACTOR_HOST_POOL_WAITING_LINE";

  /**
   * The stdout line with which a pool member says it waits for its assignment; the manager reads it
   * and keeps it out of the member's output.
   */
  public static final String POOL_WAITING_LINE = "hyperactor-pool-member-waiting";

  /**
   * Exit code of a pool member whose main class cannot wait for an assignment (it built its
   * actor system first); its manager stops pooling.
   */
  public static final int POOL_UNSUPPORTED_EXIT_CODE = 3;

  /** Exit code of a child that could not bootstrap. */
  public static final int BOOTSTRAP_FAILED_EXIT_CODE = 1;

  /** Exit code of a child whose parent went away. */
  public static final int PARENT_GONE_EXIT_CODE = 2;

  private static final String READY = "ready ";
  private static final String STOP = "stop ";
  private static final String ASSIGN = "assign ";

  private BootstrapProtocol() {}

  /** Encodes a client configuration for {@link #CLIENT_CONFIG_ENV}. */
  public static String encodeClientConfig(Map<String, String> config) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  /**
   * Decodes {@link #encodeClientConfig}'s text.
   *
   * @throws IllegalArgumentException naming a part that is not {@code name=value}
   */
  public static ImmutableMap<String, String> decodeClientConfig(String text) {
    return decodeVars(CLIENT_CONFIG_ENV, text);
  }

  private static ImmutableMap<String, String> decodeVars(String what, String text) {
    ImmutableMap.Builder<String, String> out = ImmutableMap.builder();
    if (text.isEmpty()) {
      return out.buildOrThrow();
    }
    for (String part : text.split("&", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            what + ": '" + part + "' is not name=value");
      }
      out.put(
          URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out.buildOrThrow();
  }

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

  /** The control line assigning a pool member its proc: the variables that complete its env. */
  public static String encodeAssign(Map<String, String> vars) {
    return ASSIGN + encodeClientConfig(vars);
  }

  /** Whether {@code line} is an assign line. */
  static boolean isAssign(String line) {
    return line.startsWith(ASSIGN);
  }

  /**
   * The variables of an assign line, or null when {@code line} is not one.
   *
   * @throws IllegalArgumentException when a part is not {@code name=value}
   */
  static @org.jspecify.annotations.Nullable ImmutableMap<String, String> parseAssign(String line) {
    return line.startsWith(ASSIGN)
        ? decodeVars("assignment", line.substring(ASSIGN.length()))
        : null;
  }

  /** The reason of a stop line, or null when {@code line} is not one. */
  static @org.jspecify.annotations.Nullable String parseStop(String line) {
    return line.startsWith(STOP) ? line.substring(STOP.length()) : null;
  }
}
