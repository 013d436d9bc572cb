package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Cancellable;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.PortId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the casting layer needs of an instance beyond its public interface: sequence numbers
 * assigned ahead of the sends that carry them, posts with headers, and a port that turns a
 * returned cast into one return per destination.
 *
 * <p>A cast numbers each destination from the caster's own sequence, exactly as a direct send to
 * that actor would be numbered, and the comm actors deliver with those numbers: the destination's
 * reorder buffer then orders casts and direct sends from one caster together.
 */
public final class CastSupport {
  /**
   * The header that names the port of the sender's that translates the envelope's return (see
   * {@link #bindReturnTranslator}).
   */
  public static final String RETURN_TRANSLATOR_HEADER = "hyperactor.return_translator";

  private CastSupport() {}

  /**
   * Assigns the next sequence number of {@code cx}'s for {@code dest}, as a send from {@code cx}
   * to {@code dest} would; the caller must deliver exactly one message with it.
   *
   * @throws IllegalArgumentException when {@code cx} is not an instance of this runtime
   */
  public static SeqInfo assignSeq(Instance<?> cx, PortId dest) {
    checkNotNull(dest, "dest");
    return instance(cx).sequencer().assign(dest);
  }

  /**
   * Posts {@code payload} to {@code dest} as {@code cx} with {@code headers}, numbered from {@code
   * cx}'s sequence as {@link Instance#post} numbers it.
   */
  public static void post(
      Instance<?> cx, PortId dest, ImmutableMap<String, String> headers, Object payload) {
    AbstractInstance<?> self = instance(cx);
    long index = dest.index();
    SeqInfo seq =
        index == PortId.HANDLER_INDEX || index >= PortId.FIRST_DYNAMIC_INDEX
            ? self.sequencer().assign(dest)
            : SeqInfo.DIRECT;
    self.procImpl().post(
        new MessageEnvelope(
            self.selfId(), dest, headers, payload, seq, self.procImpl().defaultTtl(), true));
  }

  /** The number of hops an envelope posted on {@code proc} may take. */
  public static int defaultTtl(Proc proc) {
    return procImpl(proc).defaultTtl();
  }

  /** The configuration {@code proc} reads. */
  public static HyperactorConfig config(Proc proc) {
    return procImpl(proc).services().config();
  }

  /**
   * Binds a port on {@code cx} that translates {@code cx}'s returned envelopes: an envelope {@code
   * cx} sends with the header {@link #RETURN_TRANSLATOR_HEADER} set to the port's index, when it
   * comes back undeliverable, is replaced by the returns {@code translator} makes of it, each
   * handled as if it had come back itself (sequence epochs, asks, the actor's or client's
   * undeliverable handling). Nothing sent to the port directly is accepted.
   *
   * @return the port's id
   */
  public static PortId bindReturnTranslator(
      Instance<?> cx, Function<Undeliverable, List<Undeliverable>> translator) {
    AbstractInstance<?> self = instance(cx);
    long index = self.cell.allocateIndex();
    PortId port = self.selfId().portId(index);
    self.cell.bind(index, new ReturnTranslatorPort(port, translator));
    return port;
  }

  /**
   * The headers that tie a message to the once port {@code reply} of its sender's, as an ask's
   * request is tied to its reply port: when a message carrying them comes back undeliverable to the
   * owner of {@code reply}, {@link #future} of {@code reply} fails with an {@link
   * io.hyperactor.UndeliverableMessageException} and the owner's own undeliverable handling is not
   * called.
   */
  public static ImmutableMap<String, String> replyHeaders(OncePortReceiver<?> reply) {
    return ImmutableMap.of(
        AbstractInstance.ASK_REPLY_PORT_HEADER,
        Long.toString(receiver(reply).handle().portId().index()));
  }

  /** The future of {@code reply}'s one message. */
  @SuppressWarnings("unchecked")
  public static <T> CompletableFuture<T> future(OncePortReceiver<T> reply) {
    return (CompletableFuture<T>) receiver(reply).future();
  }

  /**
   * Fails {@code reply}'s future with {@code cause} after {@code timeout}, on the actor system's
   * scheduler, unless it completed before; no thread waits for it.
   */
  public static void failAfter(
      Proc proc, OncePortReceiver<?> reply, Duration timeout, Supplier<Throwable> cause) {
    OncePortReceiverImpl<?> r = receiver(reply);
    Cancellable timer =
        procImpl(proc)
            .services()
            .scheduler()
            .scheduleOnce(timeout, () -> r.fail(cause.get()));
    r.future().whenComplete((value, error) -> timer.cancel());
  }

  /**
   * The port that the split port {@code port} (opened by {@link Instance#splitPort} on {@code
   * proc}) passes messages on to, or empty when {@code port} is not a split port of a live instance
   * of {@code proc}: how tools (and tests) follow a reply's way back up a cast's tree.
   */
  public static Optional<PortId> splitParent(Proc proc, PortId port) {
    checkNotNull(port, "port");
    InstanceCell cell = procImpl(proc).lookup(port.actorId());
    if (cell == null || !(cell.mailbox().sink(port.index()) instanceof SplitSink split)) {
      return Optional.empty();
    }
    return Optional.of(split.target().parent());
  }

  private static OncePortReceiverImpl<?> receiver(OncePortReceiver<?> reply) {
    checkNotNull(reply, "reply");
    checkArgument(
        reply instanceof OncePortReceiverImpl<?>,
        "%s is not a once port of this runtime",
        reply.getClass().getName());
    return (OncePortReceiverImpl<?>) reply;
  }

  private static AbstractInstance<?> instance(Instance<?> cx) {
    checkNotNull(cx, "cx");
    checkArgument(
        cx instanceof AbstractInstance<?>,
        "%s is not an instance of this runtime (%s)",
        cx.selfId(),
        cx.getClass().getName());
    return (AbstractInstance<?>) cx;
  }

  private static ProcImpl procImpl(Proc proc) {
    checkNotNull(proc, "proc");
    checkArgument(
        proc instanceof ProcImpl,
        "%s is not a proc of this runtime (%s)",
        proc.procId(),
        proc.getClass().getName());
    return (ProcImpl) proc;
  }
}
