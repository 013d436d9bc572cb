package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.resource.Status;
import java.time.Duration;

/**
 * A snapshot of a mesh being spawned: the latest status of every rank.
 *
 * @param meshName the name the mesh is spawned under
 * @param statuses the latest status of each rank; {@code NotExist} for a rank not heard from yet
 * @param elapsed the time since the spawn started
 */
public record SpawnProgress(String meshName, ValueMesh<Status> statuses, Duration elapsed) {
  public SpawnProgress {
    checkNotNull(meshName, "meshName");
    checkNotNull(statuses, "statuses");
    checkNotNull(elapsed, "elapsed");
  }

  /** How many ranks the mesh has. */
  public int total() {
    return statuses.numRanks();
  }

  /** How many ranks are running. */
  public int running() {
    return (int) statuses.values().filter(s -> s.equals(Status.RUNNING)).count();
  }

  /** How many ranks have reported a status at all. */
  public int reported() {
    return (int) statuses.values().filter(s -> !s.equals(Status.NOT_EXIST)).count();
  }

  /** How many ranks are stopping, stopped, failed or timed out. */
  public int failed() {
    return (int) statuses.values().filter(Status::isTerminating).count();
  }

  @Override
  public String toString() {
    return meshName
        + ": "
        + running()
        + "/"
        + total()
        + " running"
        + (failed() > 0 ? ", " + failed() + " failed" : "")
        + " after "
        + elapsed.toMillis()
        + " ms";
  }
}
