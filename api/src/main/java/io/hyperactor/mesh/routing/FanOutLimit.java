package io.hyperactor.mesh.routing;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The largest size any dimension may have after {@linkplain Reshape reshaping}: the bound on how
 * many peers one hop of the comm tree fans out to along one dimension.
 *
 * @param value at least 1
 */
public record FanOutLimit(int value) {
  /** Upstream's default limit, 32. */
  public static final FanOutLimit DEFAULT = new FanOutLimit(32);

  public FanOutLimit {
    checkArgument(value >= 1, "fan-out limit must be at least 1, got %s", value);
  }

  /** The limit {@code value}. */
  public static FanOutLimit of(int value) {
    return new FanOutLimit(value);
  }
}
