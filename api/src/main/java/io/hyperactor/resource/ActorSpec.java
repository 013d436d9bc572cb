package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What to spawn for an actor resource: a registered spawnable type name and that type's serialized
 * constructor parameters.
 *
 * <p>The agent instantiates nothing unless {@code typeName} is registered on its proc; the
 * registered factory decodes {@code params} itself.
 *
 * @param typeName the registered spawnable type name
 * @param params the serialized parameters; copied, never shared
 */
public record ActorSpec(String typeName, byte[] params) {
  public ActorSpec {
    checkNotNull(typeName, "typeName");
    checkArgument(!typeName.isEmpty(), "actor spec type name must not be empty");
    params = checkNotNull(params, "params").clone();
  }

  /** A copy of the serialized parameters. */
  @Override
  public byte[] params() {
    return params.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ActorSpec other
        && typeName.equals(other.typeName)
        && Arrays.equals(params, other.params);
  }

  @Override
  public int hashCode() {
    return typeName.hashCode() * 31 + Arrays.hashCode(params);
  }

  @Override
  public String toString() {
    return "ActorSpec{" + typeName + ", " + params.length + " param bytes}";
  }
}
