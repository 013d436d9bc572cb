package io.hyperactor.internal.mesh;

import io.hyperactor.AskTimeoutException;
import io.hyperactor.Instance;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.EvalOpts;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The simplest caster: one direct post per selected actor, from the caller.
 *
 * <p>Each destination gets the message as built, in rank order; ordering between casts and direct
 * sends holds because every copy is an ordinary send from the caller. It does not bind {@code
 * Rank} fields, does not use comm actors and does not split reply ports: {@code call} asks each
 * actor with a reply port of its own, and {@code reduce} folds the gathered replies locally.
 * Stateless and thread-safe.
 */
final class DirectCaster implements Caster {
  static final DirectCaster INSTANCE = new DirectCaster();

  /** Stands in for "no timeout": far longer than any mesh operation. */
  private static final Duration FOREVER = Duration.ofDays(365);

  private DirectCaster() {}

  @Override
  public <M> void cast(Instance<?> cx, ActorMeshRefImpl<M> mesh, Selection selection, M message) {
    int[] ranks = selection.eval(EvalOpts.lenient(), mesh.extent().region().slice()).toArray();
    for (int rank : ranks) {
      cx.post(mesh.actorId(rank).portId(PortId.HANDLER_INDEX), message);
    }
  }

  @Override
  public <M, R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx,
      ActorMeshRefImpl<M> mesh,
      Function<OncePortRef<R>, ? extends M> request,
      @Nullable Duration timeout) {
    Duration limit = timeout == null ? FOREVER : timeout;
    List<CompletableFuture<R>> replies = new ArrayList<>(mesh.numRanks());
    for (int rank = 0; rank < mesh.numRanks(); rank++) {
      ActorRef<M> actor = ActorRef.attest(mesh.actorId(rank));
      int r = rank;
      replies.add(
          cx.<M, R>ask(actor, request, limit)
              .exceptionally(
                  error -> {
                    throw new CompletionException(callFailure(mesh, r, error));
                  }));
    }
    return ValueMesh.join(ValueMesh.of(mesh.region(), replies));
  }

  @Override
  public <M, R> CompletableFuture<R> reduce(
      Instance<?> cx,
      ActorMeshRefImpl<M> mesh,
      Function<OncePortRef<R>, ? extends M> request,
      Accumulator<R, R> accumulator,
      @Nullable Duration timeout) {
    return call(cx, mesh, request, timeout)
        .thenApply(
            replies -> {
              R state = accumulator.initialState();
              for (R reply : replies.values().toList()) {
                state = accumulator.accumulate(state, reply);
              }
              return state;
            });
  }

  private static MeshException callFailure(ActorMeshRefImpl<?> mesh, int rank, Throwable error) {
    Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    String what =
        switch (cause) {
          case UndeliverableMessageException u -> "the message came back undeliverable: " + u.getMessage();
          case AskTimeoutException t -> "no reply: " + t.getMessage();
          default -> cause.toString();
        };
    return new MeshException(
        MeshException.Kind.CALL,
        "call to rank " + rank + " (" + mesh.actorId(rank) + ") of actor mesh " + mesh.id() + " failed: " + what,
        cause);
  }
}
