package io.hyperactor.internal.channel;

import jdk.jfr.FlightRecorder;

/**
 * The states a channel link reports to JFR as {@code io.hyperactor.LinkStateChange} events, and
 * the one place that emits them, so that every transport names them alike.
 *
 * <p>A link starts {@link #CONNECTING}; it is {@link #CONNECTED} while a connection carries its
 * messages, {@link #DISCONNECTED} between a lost connection and the next (its messages wait), and
 * {@link #CLOSED} for good once its {@link io.hyperactor.channel.LinkStatus} is closed.
 */
public final class LinkStates {
  /** The name of the JFR event. */
  public static final String EVENT_NAME = LinkStateEvent.NAME;

  /** The link has not connected yet. */
  public static final String CONNECTING = "connecting";

  /** A connection carries the link's messages. */
  public static final String CONNECTED = "connected";

  /** The connection was lost; the link waits for the next one. */
  public static final String DISCONNECTED = "disconnected";

  /** The link closed for good. */
  public static final String CLOSED = "closed";

  private LinkStates() {}

  /**
   * Records that {@code channel} moved from {@code oldState} to {@code newState} because of
   * {@code reason} (empty if none); near free while no recording enables the event.
   */
  public static void changed(String channel, String oldState, String newState, String reason) {
    // Without a flight recorder no recording can enable the event, and the first event object
    // would make the JDK load the recorder's metadata (see ManagedInstance.startHandlerEvent).
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    LinkStateEvent event = new LinkStateEvent();
    if (event.isEnabled()) {
      event.channel = channel;
      event.oldState = oldState;
      event.newState = newState;
      event.reason = reason;
      event.commit();
    }
  }
}
