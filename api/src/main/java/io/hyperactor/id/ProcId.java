package io.hyperactor.id;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;

/**
 * The identity of a proc: the channel address it is reached at and its name.
 *
 * <p>Displayed as {@code <addr>,<name>}, e.g. {@code tcp:127.0.0.1:1234,myproc}; {@link #parse}
 * reverses {@link #toString}.
 *
 * @param addr where the proc is served
 * @param name the proc's name; must not contain {@code ','}, {@code '['}, {@code ']'} or spaces
 */
public record ProcId(ChannelAddr addr, String name) {
  public ProcId {
    checkNotNull(addr, "addr");
    Names.checkName(name, "proc");
  }

  /**
   * A proc id whose name is made unique by appending a hash of the address, as {@code
   * <name>-<8 hex digits>}.
   */
  public static ProcId unique(ChannelAddr addr, String name) {
    checkNotNull(addr, "addr");
    return new ProcId(addr, name + "-" + String.format("%08x", addr.toString().hashCode()));
  }

  /** The id of the root actor {@code name} on this proc ({@code pid == 0}). */
  public ActorId actorId(String name) {
    return new ActorId(this, name, 0);
  }

  /**
   * Parses {@code <addr>,<name>}.
   *
   * @throws IllegalArgumentException naming the input and the problem when it is malformed
   */
  public static ProcId parse(String text) {
    checkNotNull(text, "text");
    int comma = text.lastIndexOf(',');
    if (comma < 0) {
      throw new IllegalArgumentException(
          "invalid proc id '" + text + "': expected '<channel addr>,<proc name>'");
    }
    try {
      return new ProcId(
          ChannelAddr.parse(text.substring(0, comma)), text.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid proc id '" + text + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return addr + "," + name;
  }
}
