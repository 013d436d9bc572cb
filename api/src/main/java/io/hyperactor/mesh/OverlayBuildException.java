package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Thrown when runs cannot form a {@link ValueOverlay}, or an overlay does not fit the mesh it is
 * merged into.
 */
public final class OverlayBuildException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the runs. */
  public enum Kind {
    /** A run covers no rank ({@code start >= end}). */
    EMPTY_RANGE,
    /** Two runs overlap ({@code prev.end > next.start} after sorting). */
    OVERLAPPING_RANGES,
    /** A run ends past the last rank of the mesh it is merged into. */
    OUT_OF_BOUNDS
  }

  private final Kind kind;

  OverlayBuildException(Kind kind, String message) {
    super(message);
    this.kind = checkNotNull(kind, "kind");
  }

  static OverlayBuildException emptyRange(long start, long end) {
    return new OverlayBuildException(
        Kind.EMPTY_RANGE,
        "a run with an empty range (start >= end) was provided: " + start + ".." + end);
  }

  static OverlayBuildException overlapping(ValueOverlay.Run<?> prev, ValueOverlay.Run<?> next) {
    return new OverlayBuildException(
        Kind.OVERLAPPING_RANGES,
        "overlapping or unsorted runs: prev="
            + prev.start()
            + ".."
            + prev.end()
            + ", next="
            + next.start()
            + ".."
            + next.end());
  }

  static OverlayBuildException outOfBounds(ValueOverlay.Run<?> run, long regionLen) {
    return new OverlayBuildException(
        Kind.OUT_OF_BOUNDS,
        "range "
            + run.start()
            + ".."
            + run.end()
            + " exceeds region bounds (len="
            + regionLen
            + ")");
  }

  /** What was wrong. */
  public Kind kind() {
    return kind;
  }
}
