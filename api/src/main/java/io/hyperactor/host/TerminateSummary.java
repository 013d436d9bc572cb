package io.hyperactor.host;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The outcome of terminating many procs at once.
 *
 * @param attempted how many procs termination was attempted on
 * @param ok how many ended (procs already terminated count as ok)
 * @param failed how many could not be stopped or observed
 */
public record TerminateSummary(int attempted, int ok, int failed) {
  public TerminateSummary {
    checkArgument(
        attempted >= 0 && ok >= 0 && failed >= 0 && ok + failed == attempted,
        "inconsistent summary: attempted=%s ok=%s failed=%s",
        attempted,
        ok,
        failed);
  }

  @Override
  public String toString() {
    return "attempted=" + attempted + " ok=" + ok + " failed=" + failed;
  }
}
