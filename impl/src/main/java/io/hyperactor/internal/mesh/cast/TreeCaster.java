package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.AskTimeoutException;
import io.hyperactor.Instance;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.internal.CastSupport;
import io.hyperactor.internal.mesh.ActorMeshRefImpl;
import io.hyperactor.internal.mesh.Caster;
import io.hyperactor.internal.mesh.ProcMeshRefImpl;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.ref.OncePortRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The caster behind every actor mesh ref: casts through the comm tree (see {@link CastPaths}),
 * calls each actor with a reply port of its own, and reduces replies on their way up the tree.
 *
 * <ul>
 *   <li>{@code cast} takes the tree, point-to-point or fallback path.
 *   <li>{@code reduce} opens one reducing once port and casts one message through the tree (or
 *       point to point, splitting the port once at the caster): each hop splits the port {@code
 *       once(destinations below it)}, so exactly one fully reduced value arrives.
 *   <li>{@code call} needs to know which reply came from which rank, so it gives every actor a
 *       reply port of its own: one message per rank, posted directly, bound to its rank and
 *       numbered from the caller's sequence like every cast.
 * </ul>
 *
 * <p>A copy of a call or reduction that comes back undeliverable fails its future with {@link
 * MeshException.Kind#CALL}, as does a timeout; the caller's own undeliverable handling does not see
 * it. Stateless and thread-safe.
 */
public final class TreeCaster implements Caster {
  /** The caster. */
  public static final TreeCaster INSTANCE = new TreeCaster();

  private TreeCaster() {}

  @Override
  public <M> void cast(Instance<?> cx, ActorMeshRefImpl<M> mesh, Selection selection, M message) {
    CastPaths.cast(cx, target(mesh), selection, message, ImmutableMap.of());
  }

  @Override
  public <M, R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx,
      ActorMeshRefImpl<M> mesh,
      Function<OncePortRef<R>, ? extends M> request,
      @Nullable Duration timeout) {
    checkNotNull(cx, "cx");
    checkNotNull(request, "request");
    CastTarget target = target(mesh);
    ImmutableMap<String, String> headers = CastPaths.castHeaders(target, ImmutableMap.of());
    int n = target.region().numRanks();
    List<CompletableFuture<R>> replies = new ArrayList<>(n);
    for (int rank = 0; rank < n; rank++) {
      OncePortReceiver<R> reply = cx.openOncePort();
      M message = checkNotNull(request.apply(reply.handle().bind()), "the call's request is null");
      int r = rank;
      CompletableFuture<R> future = CastSupport.future(reply);
      if (timeout != null) {
        CastSupport.failAfter(
            cx.proc(), reply, timeout, () -> new AskTimeoutException(target.actor(r), timeout));
      }
      replies.add(
          future.exceptionally(
              error -> {
                throw new CompletionException(failure(mesh, "call to rank " + r + " (" + target.actor(r) + ")", error));
              }));
      CastPaths.post(
          cx,
          target,
          rank,
          message,
          ImmutableMap.<String, String>builder()
              .putAll(headers)
              .putAll(CastSupport.replyHeaders(reply))
              .buildKeepingLast());
    }
    return ValueMesh.join(ValueMesh.of(target.region(), replies));
  }

  @Override
  public <M, R> CompletableFuture<R> reduce(
      Instance<?> cx,
      ActorMeshRefImpl<M> mesh,
      Function<OncePortRef<R>, ? extends M> request,
      Accumulator<R, R> accumulator,
      @Nullable Duration timeout) {
    checkNotNull(cx, "cx");
    checkNotNull(request, "request");
    checkNotNull(accumulator, "accumulator");
    CastTarget target = target(mesh);
    if (target.region().numRanks() == 0) {
      return CompletableFuture.completedFuture(accumulator.initialState());
    }
    OncePortReceiver<R> reply = cx.openReducePort(accumulator);
    M message = checkNotNull(request.apply(reply.handle().bind()), "the reduction's request is null");
    CompletableFuture<R> future = CastSupport.future(reply);
    if (timeout != null) {
      CastSupport.failAfter(
          cx.proc(),
          reply,
          timeout,
          () ->
              new MeshException(
                  MeshException.Kind.CALL,
                  "reduction over actor mesh " + mesh.id() + " got no result within " + timeout));
    }
    ImmutableMap<String, String> headers = CastSupport.replyHeaders(reply);
    if (CastPaths.path(CastSupport.config(cx.proc()), target, Selection.all())
        == CastPaths.Path.FALLBACK) {
      // The fallback path leaves ports alone; a reduction needs its port split, once, here.
      CastPaths.pointToPoint(cx, target, message, CastPaths.castHeaders(target, headers));
    } else {
      CastPaths.cast(cx, target, Selection.all(), message, headers);
    }
    return future
        .thenApply(reduced -> accumulator.accumulate(accumulator.initialState(), reduced))
        .exceptionally(
            error -> {
              throw new CompletionException(failure(mesh, "reduction", error));
            });
  }

  /** Where casts to {@code mesh} go. */
  static CastTarget target(ActorMeshRefImpl<?> mesh) {
    ProcMeshRefImpl procs = mesh.procMesh();
    ImmutableList.Builder<io.hyperactor.id.ProcId> ids =
        ImmutableList.builderWithExpectedSize(procs.procs().size());
    for (ProcRef p : procs.procs()) {
      ids.add(p.procId());
    }
    return new CastTarget(
        mesh.id().toString(), mesh.actorName(), procs.region(), ids.build(), procs.rootComm());
  }

  private static MeshException failure(ActorMeshRefImpl<?> mesh, String what, Throwable error) {
    Throwable cause =
        error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    if (cause instanceof MeshException m) {
      return m;
    }
    String why =
        switch (cause) {
          case UndeliverableMessageException u ->
              "a copy came back undeliverable: " + u.getMessage();
          case AskTimeoutException t -> "no reply: " + t.getMessage();
          default -> cause.toString();
        };
    return new MeshException(
        MeshException.Kind.CALL, what + " of actor mesh " + mesh.id() + " failed: " + why, cause);
  }
}
