package io.hyperactor.internal;

/**
 * Unwinds an actor's thread after its task was aborted from outside; the aborter already set the
 * terminal status, so the thread exits without touching the actor again.
 */
final class TaskAborted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TaskAborted() {
    super("actor task aborted", null, false, false);
  }
}
