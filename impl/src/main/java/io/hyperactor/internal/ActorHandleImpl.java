package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorCell;
import io.hyperactor.ActorHandle;
import io.hyperactor.Instance;
import io.hyperactor.PortHandle;
import io.hyperactor.Signal;
import io.hyperactor.id.ActorId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.supervision.ActorStatus;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A local handle: the actor's cell plus its handler port; thread-safe. */
final class ActorHandleImpl<M> implements ActorHandle<M> {
  private final InstanceCell cell;
  private final @Nullable PortHandle<M> port;
  // Handles are map keys in user code (acks by sender), and the id's hash walks three records, so
  // it is kept once computed; computed on first use, since most handles (one per spawn) are never
  // hashed. Racy but idempotent: every thread computes the same value (0 means not yet).
  private int hash;

  ActorHandleImpl(InstanceCell cell, @Nullable PortHandle<M> port) {
    this.cell = cell;
    this.port = port;
  }

  @Override
  public ActorId actorId() {
    return cell.actorId();
  }

  @Override
  public ActorCell cell() {
    return cell;
  }

  @Override
  public void send(M message) {
    port().send(message);
  }

  @Override
  public void send(Instance<?> sender, M message) {
    port().send(sender, message);
  }

  @Override
  public PortHandle<M> port() {
    if (port == null) {
      throw new IllegalStateException(
          cell.actorId() + " is a client instance and has no handler port");
    }
    return port;
  }

  @Override
  public ActorRef<M> bind() {
    return ActorRef.attest(cell.actorId());
  }

  @Override
  public void drainAndStop(String reason) {
    checkNotNull(reason, "reason");
    if (!cell.signal(new Signal.DrainAndStop(reason)) && !cell.status().isTerminal()) {
      throw new IllegalStateException(
          "cannot stop "
              + cell.actorId()
              + ": it has no message loop (a client instance; close it instead)");
    }
  }

  @Override
  public CompletableFuture<ActorStatus> termination() {
    return cell.termination().copy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorHandleImpl<?> other && other.cell == cell;
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = cell.actorId().hashCode();
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return "ActorHandle{" + cell.actorId() + "}";
  }
}
