package io.hyperactor.id;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The identity of a port: the actor that owns it and the port's index in that actor's mailbox.
 *
 * <p>Displayed as {@code <actor>[<index>]}, e.g. {@code local:0,p,a[0][7]}; {@link #parse}
 * reverses {@link #toString}. Indexes below {@link #FIRST_DYNAMIC_INDEX} are well-known ports
 * every actor has (handler, signal, introspection, undeliverable); ports opened at run time get
 * indexes from there on.
 *
 * @param actorId the owning actor
 * @param index the port index within the actor's mailbox
 */
public record PortId(ActorId actorId, long index) {
  /** The port an actor's protocol messages arrive on. */
  public static final long HANDLER_INDEX = 0;

  /** The port that carries {@code Signal}s. */
  public static final long SIGNAL_INDEX = 1;

  /** The port that answers introspection queries. */
  public static final long INTROSPECT_INDEX = 2;

  /** The port undeliverable messages are returned to. */
  public static final long UNDELIVERABLE_INDEX = 3;

  /** The first index handed to ports opened at run time. */
  public static final long FIRST_DYNAMIC_INDEX = 1024;

  public PortId {
    checkNotNull(actorId, "actorId");
    checkArgument(index >= 0, "port index must be >= 0, got %s", index);
  }

  /**
   * Parses {@code <actor id>[<index>]}.
   *
   * @throws IllegalArgumentException naming the input and the problem when it is malformed
   */
  public static PortId parse(String text) {
    checkNotNull(text, "text");
    long index = Names.trailingIndex(text, "port id", text);
    try {
      return new PortId(ActorId.parse(text.substring(0, text.lastIndexOf('['))), index);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid port id '" + text + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return actorId + "[" + index + "]";
  }
}
