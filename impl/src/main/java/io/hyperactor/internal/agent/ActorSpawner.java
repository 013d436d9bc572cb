package io.hyperactor.internal.agent;

import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Proc;
import io.hyperactor.internal.Procs;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.ResourceId;
import java.util.Optional;

/**
 * Turns a creation request into a record: spawns a root actor of a registered type, or records why
 * it could not.
 *
 * <p>Nothing is instantiated unless the spec's type name is registered; every failure becomes the
 * resource's {@code Failed} status, naming the resource, the type and the problem.
 */
final class ActorSpawner {
  private final Proc proc;
  private final SpawnableRegistry registry;

  ActorSpawner(Proc proc, SpawnableRegistry registry) {
    this.proc = proc;
    this.registry = registry;
  }

  ActorInstanceState spawn(ResourceId id, long rank, Object spec) {
    if (!(spec instanceof ActorSpec actorSpec)) {
      return ActorInstanceState.spawnFailed(
          rank,
          "resource '"
              + id
              + "': spec of type "
              + spec.getClass().getName()
              + " is not an ActorSpec");
    }
    String type = actorSpec.typeName();
    Optional<SpawnableFactory> factory = registry.lookup(type);
    if (factory.isEmpty()) {
      return ActorInstanceState.spawnFailed(
          rank,
          "actor type '"
              + type
              + "' is not registered as spawnable on proc "
              + proc.procId()
              + " (registered: "
              + registry.typeNames()
              + ")");
    }
    Actor<?> actor;
    try {
      actor = factory.get().create(actorSpec.params());
    } catch (Exception | LinkageError e) {
      return ActorInstanceState.spawnFailed(
          rank, "cannot create actor of type '" + type + "' for resource '" + id + "': " + e);
    }
    if (actor == null) {
      return ActorInstanceState.spawnFailed(
          rank, "the factory of actor type '" + type + "' returned null for resource '" + id + "'");
    }
    try {
      Optional<Class<?>> messageType = registry.messageType(type);
      ActorHandle<?> handle =
          messageType.isPresent()
              ? Procs.spawnRanked(
                  proc, id.toString(), actor, ImmutableSet.of(messageType.get()), rank)
              : Procs.spawnRanked(proc, id.toString(), actor, rank);
      return ActorInstanceState.spawned(rank, handle.cell());
    } catch (RuntimeException e) {
      return ActorInstanceState.spawnFailed(
          rank,
          "cannot spawn actor of type '" + type + "' for resource '" + id + "': " + e.getMessage());
    }
  }
}
