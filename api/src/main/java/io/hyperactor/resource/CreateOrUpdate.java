package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Creates resource {@code id} from {@code spec}; a no-op when {@code id} already exists (there is
 * no update).
 *
 * @param id the resource to create
 * @param rank the destination's rank, bound when the message is cast
 * @param spec what to create
 * @param <S> the spec type
 */
public record CreateOrUpdate<S>(ResourceId id, Rank rank, S spec) implements ResourceMessage {
  public CreateOrUpdate {
    checkNotNull(id, "id");
    checkNotNull(rank, "rank");
    checkNotNull(spec, "spec");
  }
}
