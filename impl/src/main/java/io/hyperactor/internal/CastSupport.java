package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.PortId;
import java.util.List;
import java.util.function.Function;

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
    self.proc.post(
        new MessageEnvelope(
            self.selfId(), dest, headers, payload, seq, self.proc.defaultTtl(), true));
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
    long index = self.mailbox.allocateIndex();
    PortId port = self.selfId().portId(index);
    self.mailbox.bind(index, new ReturnTranslatorPort(port, translator));
    return port;
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
