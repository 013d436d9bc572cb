package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Instance;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostMeshRef;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.SpawnProgressListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An owned host mesh: its reference, the instance that acts for it, and what releases the hosts
 * it started once they are shut down. Thread-safe.
 */
public final class HostMeshImpl implements HostMesh {
  private static final Logger log = LoggerFactory.getLogger(HostMeshImpl.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final HostMeshRefImpl ref;
  private final Instance<?> owner;
  private final Runnable release;
  private final boolean ownsHosts;
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private final CompletableFuture<Void> shutdownDone = new CompletableFuture<>();

  /**
   * A mesh over {@code ref}'s hosts, acting as {@code owner}; {@code release} runs once after the
   * hosts were shut down, to free what started them (in-process hosts, child processes).
   */
  public HostMeshImpl(HostMeshRefImpl ref, Instance<?> owner, Runnable release) {
    this(ref, owner, release, true);
  }

  private HostMeshImpl(HostMeshRefImpl ref, Instance<?> owner, Runnable release, boolean ownsHosts) {
    this.ref = checkNotNull(ref, "ref");
    this.owner = checkNotNull(owner, "owner");
    this.release = checkNotNull(release, "release");
    this.ownsHosts = ownsHosts;
  }

  /**
   * A mesh over hosts that someone else owns (a runtime's): its shutdown stops only the procs it
   * spawned and leaves the hosts and their agents to their owner.
   */
  public static HostMeshImpl borrowing(HostMeshRefImpl ref, Instance<?> owner) {
    return new HostMeshImpl(ref, owner, () -> {}, false);
  }

  /**
   * Pushes {@code config} to every host of {@code ref} as its client configuration, failing
   * closed ({@code MeshException.Kind.CONFIG_PUSH_FAILED} naming each host that did not confirm).
   */
  public static CompletableFuture<Void> attach(
      Instance<?> cx, HostMeshRefImpl ref, ImmutableMap<String, String> config) {
    return HostControl.pushConfig(cx, ref, config);
  }

  @Override
  public HostMeshRefImpl ref() {
    return ref;
  }

  @Override
  public HostMeshId id() {
    return ref.id();
  }

  @Override
  public Region region() {
    return ref.region();
  }

  @Override
  public Optional<HostRef> get(int rank) {
    return ref.get(rank);
  }

  @Override
  public HostMeshRef subset(Region region) {
    return ref.subset(region);
  }

  @Override
  public List<HostRef> hosts() {
    return ref.hosts();
  }

  @Override
  public CompletableFuture<ProcMesh> spawnProcs(Instance<?> cx, String name, Extent perHost) {
    return ref.spawnProcs(cx, name, perHost);
  }

  @Override
  public CompletableFuture<ProcMesh> spawnProcs(
      Instance<?> cx, String name, Extent perHost, SpawnProgressListener listener) {
    return ref.spawnProcs(cx, name, perHost, listener);
  }

  @Override
  public CompletableFuture<ProcMesh> spawnProcs(String name, Extent perHost) {
    return ref.spawnProcs(owner, name, perHost);
  }

  @Override
  public CompletableFuture<ProcMesh> spawnProcs(
      String name, Extent perHost, SpawnProgressListener listener) {
    return ref.spawnProcs(owner, name, perHost, listener);
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    if (shutDown.compareAndSet(false, true)) {
      (ownsHosts ? HostControl.shutdown(owner, ref) : HostControl.drain(owner, ref, ref.id()))
          .whenComplete(
              (ignored, error) -> {
                if (error != null) {
                  log.warn("host mesh {}: shutdown failed: {}", ref.id(), error.toString());
                }
                try {
                  release.run();
                } catch (RuntimeException e) {
                  log.warn("host mesh {}: releasing its hosts failed", ref.id(), e);
                }
                shutdownDone.complete(null);
              });
    }
    return shutdownDone.copy();
  }

  @Override
  public CompletableFuture<Void> stop() {
    return HostControl.drain(owner, ref, ref.id());
  }

  @Override
  public void close() {
    try {
      shutdown().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      log.warn("host mesh {}: shutdown did not finish within {}", ref.id(), CLOSE_TIMEOUT);
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("host mesh {}: shutdown failed", ref.id(), e.getCause());
    }
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
