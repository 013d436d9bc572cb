package io.hyperactor.internal.channel;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event for a change of state of a channel link: connected, disconnected (and reconnecting),
 * or closed for good. Emitted through {@link LinkStates#changed}.
 */
@Name(LinkStateEvent.NAME)
@Label("Link State Change")
@Category({"Hyperactor", "Channels"})
@Description("A channel link changed state")
@Enabled
@StackTrace(false)
final class LinkStateEvent extends Event {
  /** The event's name in recordings. */
  static final String NAME = "io.hyperactor.LinkStateChange";

  @Label("Channel")
  @Description("The link: its channel address and session")
  String channel;

  @Label("Old State")
  String oldState;

  @Label("New State")
  String newState;

  @Label("Reason")
  @Description("Why the state changed; empty when there is nothing more to say")
  String reason;
}
