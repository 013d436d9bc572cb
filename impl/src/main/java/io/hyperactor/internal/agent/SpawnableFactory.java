package io.hyperactor.internal.agent;

import io.hyperactor.Actor;

/**
 * Builds an actor of one registered spawnable type from its serialized parameters.
 *
 * <p>The factory owns the decoding of {@code params}; it should fail with a message naming what is
 * wrong with them rather than build a half-configured actor.
 */
@FunctionalInterface
public interface SpawnableFactory {

  /** Decodes {@code params} and returns a new actor; throwing fails the resource's creation. */
  Actor<?> create(byte[] params) throws Exception;
}
