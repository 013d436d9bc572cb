package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ProcId;

/**
 * A proc could not create an actor that was asked of it: the type is not registered there, the
 * parameters did not decode, the factory threw, or the name is taken. The message carries the
 * remote proc's own explanation.
 */
public final class SpawnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ProcId procId;
  private final String actorName;
  private final String remoteCause;

  /** Actor {@code actorName} could not be created on {@code procId} because of {@code remoteCause}. */
  public SpawnException(ProcId procId, String actorName, String remoteCause) {
    super(
        "cannot spawn actor '"
            + checkNotNull(actorName, "actorName")
            + "' on proc "
            + checkNotNull(procId, "procId")
            + ": "
            + checkNotNull(remoteCause, "remoteCause"));
    this.procId = procId;
    this.actorName = actorName;
    this.remoteCause = remoteCause;
  }

  /** The proc that was asked. */
  public ProcId procId() {
    return procId;
  }

  /** The name the actor would have had. */
  public String actorName() {
    return actorName;
  }

  /** Why the remote proc refused, in its own words. */
  public String remoteCause() {
    return remoteCause;
  }
}
