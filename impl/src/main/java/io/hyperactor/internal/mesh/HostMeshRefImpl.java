package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.Instance;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostMeshRef;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.SpawnProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The value behind {@link HostMeshRef}: an id, a region and the host at each of its view ranks.
 *
 * @param id the mesh's id
 * @param region the ranks the mesh covers
 * @param hosts the host at each view rank; exactly one per rank of {@code region}
 */
public record HostMeshRefImpl(HostMeshId id, Region region, ImmutableList<HostRef> hosts)
    implements HostMeshRef {
  public HostMeshRefImpl {
    checkNotNull(id, "id");
    checkNotNull(region, "region");
    checkNotNull(hosts, "hosts");
    if (hosts.size() != region.numRanks()) {
      throw new IllegalArgumentException(
          "invalid rank cardinality of host mesh "
              + id
              + ": region "
              + region
              + " has "
              + region.numRanks()
              + " ranks, but "
              + hosts.size()
              + " hosts were given");
    }
  }

  /** The mesh of {@code hosts} over the one dimension {@code hosts}. */
  public static HostMeshRefImpl of(HostMeshId id, List<HostRef> hosts) {
    return new HostMeshRefImpl(
        id, Extent.of("hosts", hosts.size()).region(), ImmutableList.copyOf(hosts));
  }

  /**
   * Parses {@code <id>:<host0>,<host1>,...@<region>}: the id ends at the first {@code ':'}, the
   * hosts at the first {@code '@'}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static HostMeshRefImpl parse(String text) {
    checkNotNull(text, "text");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "invalid host mesh ref '" + text + "': missing the id (expected <id>:<hosts>@<region>)");
    }
    int at = text.indexOf('@', colon);
    if (at < 0) {
      throw new IllegalArgumentException(
          "invalid host mesh ref '" + text + "': missing the region (expected <id>:<hosts>@<region>)");
    }
    try {
      HostMeshId id = HostMeshId.parse(text.substring(0, colon));
      String hostsText = text.substring(colon + 1, at);
      List<HostRef> hosts = new ArrayList<>();
      if (!hostsText.isBlank()) {
        for (String host : hostsText.split(",", -1)) {
          hosts.add(HostRef.parse(host.trim()));
        }
      }
      return new HostMeshRefImpl(id, Region.parse(text.substring(at + 1)), ImmutableList.copyOf(hosts));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid host mesh ref '" + text + "': " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<HostRef> get(int rank) {
    return rank >= 0 && rank < hosts.size() ? Optional.of(hosts.get(rank)) : Optional.empty();
  }

  @Override
  public HostMeshRefImpl subset(Region sub) {
    List<Integer> ranks =
        region.remap(sub.requireSubsetOf(region)).orElseThrow(IllegalStateException::new);
    return new HostMeshRefImpl(id, sub, ImmutableList.copyOf(ranks.stream().map(hosts::get).toList()));
  }

  @Override
  public CompletableFuture<ProcMesh> spawnProcs(Instance<?> cx, String name, Extent perHost) {
    return spawnProcs(cx, name, perHost, SpawnProgressListener.NONE);
  }

  @Override
  public CompletableFuture<ProcMesh> spawnProcs(
      Instance<?> cx, String name, Extent perHost, SpawnProgressListener listener) {
    return ProcMeshSpawn.spawn(cx, this, name, perHost, listener);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append(id).append(':');
    for (int i = 0; i < hosts.size(); i++) {
      b.append(i == 0 ? "" : ",").append(hosts.get(i));
    }
    return b.append('@').append(region).toString();
  }
}
