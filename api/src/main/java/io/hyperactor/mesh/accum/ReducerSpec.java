package io.hyperactor.mesh.accum;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Names a {@link Reducer} as it travels with a port reference.
 *
 * <p>The proc that splits a port resolves the name in its {@link ReducerRegistry}, so only
 * registered reducers ever run and nothing is instantiated from the wire. The built-in names are
 * the constants of {@link Reducers}.
 *
 * @param name the registered name
 */
public record ReducerSpec(String name) {
  public ReducerSpec {
    checkNotNull(name, "name");
    checkArgument(!name.isBlank(), "reducer name must not be blank");
  }

  @Override
  public String toString() {
    return name;
  }
}
