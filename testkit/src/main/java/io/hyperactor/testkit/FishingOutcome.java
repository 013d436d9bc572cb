package io.hyperactor.testkit;

/** What {@link TestProbe#fishForMessage} does with each message it fishes out. */
public enum FishingOutcome {
  /** The message is the one sought: keep it and stop fishing. */
  COMPLETE,
  /** The message is expected on the way: keep it and go on fishing. */
  CONTINUE,
  /** The message does not matter: drop it and go on fishing. */
  IGNORE
}
