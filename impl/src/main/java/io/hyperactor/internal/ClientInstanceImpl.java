package io.hyperactor.internal;

import io.hyperactor.ActorHandle;
import io.hyperactor.Cancellable;
import io.hyperactor.ClientInstance;
import io.hyperactor.PortHandle;
import io.hyperactor.PortReceiver;
import io.hyperactor.Timers;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.supervision.ActorStatus;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A client instance: a mailbox and a place in the tree, but no loop. Returned messages are
 * logged, or queued once the client asks for them ({@link #undeliverables}). Usable from any one
 * thread at a time.
 */
final class ClientInstanceImpl extends AbstractInstance<Void> implements ClientInstance {
  static final String CLIENT_TYPE = "()";

  /** Closes client instances that become unreachable unclosed; its thread is virtual. */
  private static final Cleaner CLEANER =
      Cleaner.create(Thread.ofVirtual().name("client-instance-cleaner").factory());

  private final ActorHandleImpl<Void> handle;
  private final ClientReturns returns;
  private final Cleaner.Cleanable cleanable;

  ClientInstanceImpl(ProcImpl proc, ActorId id, @Nullable InstanceCell parent, boolean introspect) {
    super(proc, id, CLIENT_TYPE, Void.class, parent);
    this.returns = new ClientReturns(cell, sequencer());
    cell.bind(PortId.UNDELIVERABLE_INDEX, returns);
    if (introspect) {
      bindIntrospection();
    }
    this.handle = new ActorHandleImpl<>(cell, null);
    cell.setHandle(handle);
    this.cleanable = CLEANER.register(this, new Closer(proc, cell, localStorage()));
  }

  /** The close action; holds no reference to the instance so the instance can become unreachable. */
  private record Closer(ProcImpl proc, InstanceCell cell, LocalStorage locals)
      implements Runnable {
    @Override
    public void run() {
      ActorStatus stopped = new ActorStatus.Stopped("instance is dropped");
      if (cell.forceTerminal(stopped)) {
        cell.closeIfOpen(stopped);
        cell.maybeUnlinkParent();
        proc.release(cell);
        proc.storeTerminatedSnapshot(cell);
      }
      locals.clear();
    }
  }

  /** Publishes the client status; called once the cell is linked and registered. */
  void activate() {
    cell.changeStatus(ActorStatus.CLIENT);
    cell.markStarted();
  }

  @Override
  public ActorHandle<Void> handle() {
    return handle;
  }

  @Override
  public PortHandle<Void> port() {
    throw new IllegalStateException(selfId() + " is a client instance and has no handler port");
  }

  @Override
  public ActorRef<Void> bind() {
    return ActorRef.attest(selfId());
  }

  @Override
  public Cancellable selfMessageWithDelay(Void message, Duration delay) {
    throw noHandler("delayed self-messages");
  }

  @Override
  public Timers<Void> timers() {
    throw noHandler("timers");
  }

  @Override
  public <T> void pipeToSelf(
      CompletionStage<T> stage, BiFunction<? super T, ? super Throwable, ? extends Void> adapter) {
    throw noHandler("piped results");
  }

  private UnsupportedOperationException noHandler(String what) {
    return new UnsupportedOperationException(
        selfId() + " is a client instance: it has no handler, so no " + what);
  }

  @Override
  public PortReceiver<Undeliverable> undeliverables() {
    return returns.collect();
  }

  @Override
  public void close() {
    cleanable.clean();
  }

  /** Never called: a client instance takes its messages through port receivers, not its queue. */
  @Override
  void onArrival() {}
}
