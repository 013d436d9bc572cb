package io.hyperactor.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A JFR event for one handler invocation of an actor that took at least the threshold: a message,
 * an undeliverable message or a supervision event.
 *
 * <p>Enabled by default with a 10 ms threshold, so a recording shows the slow handlers and nothing
 * else; a recording may lower the threshold ({@code jfr configure} or {@code
 * Recording.enable(NAME).withThreshold(...)}). The loop creates the event and reads the clock
 * through {@link #begin}/{@link #end}, which cost next to nothing while no recording enables it,
 * and fills the fields only when {@link #shouldCommit()} says the event is kept.
 */
@Name(HandlerEvent.NAME)
@Label("Actor Handler")
@Category({"Hyperactor", "Actors"})
@Description("A handler invocation of an actor that took at least the threshold")
@Enabled
@Threshold("10 ms")
@StackTrace(false)
final class HandlerEvent extends Event {
  /** The event's name in recordings. */
  static final String NAME = "io.hyperactor.ActorHandler";

  @Label("Actor")
  @Description("The id of the actor whose handler ran")
  String actor;

  @Label("Message Type")
  @Description("The class name of the message, undeliverable or supervision event handled")
  String messageType;
}
