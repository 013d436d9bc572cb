package io.hyperactor.it.cli;

import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.it.mesh.MeshItActor;
import java.util.function.Consumer;

/**
 * The mesh test actor's message types, registered in a {@code hyperactor host} JVM through {@code
 * HYPERACTOR_HOST_CODECS}: the host decodes the messages it routes to its procs.
 */
public final class MeshItCodecs implements Consumer<CodecRegistrar> {
  @Override
  public void accept(CodecRegistrar codecs) {
    MeshItActor.codecs(codecs);
  }
}
