package io.hyperactor.id;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The identity of an actor: its proc, its name and its pid within that name.
 *
 * <p>A root actor has {@code pid == 0}; its children normally share its name and take the next pid
 * from a counter kept per root name. Displayed as {@code <proc>,<name>[<pid>]}, e.g. {@code
 * tcp:127.0.0.1:1234,myproc,counter[0]}; {@link #parse} reverses {@link #toString}.
 *
 * @param procId the proc the actor lives on
 * @param name the actor's name; must not contain {@code ','}, {@code '['}, {@code ']'} or spaces
 * @param pid the actor's index within its name; 0 for roots
 */
public record ActorId(ProcId procId, String name, long pid) implements Comparable<ActorId> {
  public ActorId {
    checkNotNull(procId, "procId");
    Names.checkName(name, "actor");
    checkArgument(pid >= 0, "actor pid must be >= 0, got %s", pid);
  }

  /** The id of this actor's sibling with the same name and {@code pid}. */
  public ActorId childId(long pid) {
    return new ActorId(procId, name, pid);
  }

  /** The id of port {@code index} on this actor. */
  public PortId portId(long index) {
    return new PortId(this, index);
  }

  /** True for root actors ({@code pid == 0}). */
  public boolean isRoot() {
    return pid == 0;
  }

  /**
   * Parses {@code <proc>,<name>[<pid>]}.
   *
   * @throws IllegalArgumentException naming the input and the problem when it is malformed
   */
  public static ActorId parse(String text) {
    checkNotNull(text, "text");
    long pid = Names.trailingIndex(text, "actor id", text);
    String head = text.substring(0, text.lastIndexOf('['));
    int comma = head.lastIndexOf(',');
    if (comma < 0) {
      throw new IllegalArgumentException(
          "invalid actor id '" + text + "': expected '<proc id>,<name>[<pid>]'");
    }
    try {
      return new ActorId(
          ProcId.parse(head.substring(0, comma)), head.substring(comma + 1), pid);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid actor id '" + text + "': " + e.getMessage(), e);
    }
  }

  @Override
  public int compareTo(ActorId other) {
    int c = procId.toString().compareTo(other.procId.toString());
    if (c != 0) {
      return c;
    }
    c = name.compareTo(other.name);
    return c != 0 ? c : Long.compare(pid, other.pid);
  }

  @Override
  public String toString() {
    return procId + "," + name + "[" + pid + "]";
  }
}
