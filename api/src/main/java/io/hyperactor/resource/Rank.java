package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A destination's rank in the mesh a message was cast to, or unbound until the casting layer fills
 * it in for each destination.
 *
 * @param value the bound rank, or null while unbound
 */
public record Rank(@Nullable Long value) {
  private static final Rank UNBOUND = new Rank(null);

  public Rank {
    checkArgument(value == null || value >= 0, "rank must be >= 0, got %s", value);
  }

  /** The rank before casting binds it. */
  public static Rank unbound() {
    return UNBOUND;
  }

  /** The bound rank {@code rank}. */
  public static Rank of(long rank) {
    return new Rank(rank);
  }

  /** The bound rank, if any. */
  public OptionalLong asOptional() {
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  /**
   * The bound rank.
   *
   * @throws IllegalStateException when the rank was never bound (the message was not cast)
   */
  public long unwrap() {
    checkState(value != null, "rank is unbound: the message was sent without casting to a mesh");
    return value;
  }

  @Override
  public String toString() {
    return value == null ? "Rank(unbound)" : "Rank(" + value + ")";
  }
}
