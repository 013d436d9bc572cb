package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.resource.Status;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A mesh operation failed: a spawn, a stop, a state query, a configuration push or a cast.
 *
 * <p>{@link #kind()} tells the cases apart. Failures that concern some ranks of a mesh carry the
 * status of every rank ({@link #statuses()}), so a caller sees which procs or actors failed, timed
 * out or never answered; a cast refused because of a known failure carries it ({@link
 * #failure()}).
 */
public final class MeshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Kind {
    /** The request itself is wrong: overlapping dimensions, an unregistered type, bad options. */
    CONFIGURATION,
    /** A message to a host agent could not be sent. */
    HOST_AGENT_CONFIGURATION,
    /** Pushing the client's configuration to the hosts failed; the message names each host. */
    CONFIG_PUSH_FAILED,
    /** A host agent reported that it could not create a proc. */
    PROC_CREATION,
    /** Procs did not all come up before their status went idle for too long. */
    PROC_SPAWN,
    /** Actors did not all come up, or some failed to spawn. */
    ACTOR_SPAWN,
    /** Actors did not all stop. */
    ACTOR_STOP,
    /** Procs did not all stop. */
    PROC_MESH_STOP,
    /** State was asked of something that does not exist. */
    NOT_EXIST,
    /** A cast was refused because the mesh has a known failure. */
    SUPERVISION,
    /** A call or reduction did not complete. */
    CALL,
    /** A host could not be started, reached or shut down. */
    HOST,
  }

  private final Kind kind;
  @SuppressWarnings("serial") // never serialized: the runtime has no Java serialization
  private final @Nullable ValueMesh<Status> statuses;
  @SuppressWarnings("serial")
  private final @Nullable MeshFailure failure;

  /** An exception of {@code kind} with {@code message}. */
  public MeshException(Kind kind, String message) {
    this(kind, message, null, null, null);
  }

  /** An exception of {@code kind} with {@code message} and {@code cause}. */
  public MeshException(Kind kind, String message, Throwable cause) {
    this(kind, message, null, null, cause);
  }

  /** An exception of {@code kind} with {@code message} about the ranks of {@code statuses}. */
  public MeshException(Kind kind, String message, ValueMesh<Status> statuses) {
    this(kind, message, checkNotNull(statuses, "statuses"), null, null);
  }

  /** A cast refused because of {@code failure}. */
  public static MeshException supervision(MeshFailure failure) {
    checkNotNull(failure, "failure");
    return new MeshException(Kind.SUPERVISION, failure.toString(), null, failure, null);
  }

  private MeshException(
      Kind kind,
      String message,
      @Nullable ValueMesh<Status> statuses,
      @Nullable MeshFailure failure,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = checkNotNull(kind, "kind");
    this.statuses = statuses;
    this.failure = failure;
  }

  /** What failed. */
  public Kind kind() {
    return kind;
  }

  /** The status of every rank concerned, when the failure concerns the ranks of a mesh. */
  public Optional<ValueMesh<Status>> statuses() {
    return Optional.ofNullable(statuses);
  }

  /** The failure that refused a cast, for {@link Kind#SUPERVISION}. */
  public Optional<MeshFailure> failure() {
    return Optional.ofNullable(failure);
  }
}
