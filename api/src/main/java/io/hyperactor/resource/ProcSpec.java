package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a host agent creates for a proc resource.
 *
 * @param clientConfig the client's configuration, by HOCON path ({@code hyperactor.<key>}), which
 *     the proc installs below its own environment and files
 * @param hostMeshId the display form of the host mesh the proc is spawned for, so that draining
 *     that mesh stops it; null when the proc belongs to no host mesh
 */
public record ProcSpec(Map<String, String> clientConfig, @Nullable String hostMeshId) {
  public ProcSpec {
    clientConfig = ImmutableMap.copyOf(checkNotNull(clientConfig, "clientConfig"));
  }

  /** The host mesh the proc is spawned for, if any. */
  public Optional<String> hostMesh() {
    return Optional.ofNullable(hostMeshId);
  }
}
