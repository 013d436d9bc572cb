package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.SpawnKey;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.mailbox.CodecRegistry;

/**
 * The comm actor's messages, which cross every process boundary of a proc mesh, under stable type
 * names, and the comm actor as a spawnable type.
 *
 * <p>Every actor system registers both, so that any proc of any system can run a comm actor and
 * route casts through it.
 */
public final class CastCodecs {
  /** The prefix of every type name registered here. */
  public static final String PREFIX = "hyperactor.mesh.comm.";

  /** The spawnable key of the comm actor. */
  static final SpawnKey<CommMessage, Void> COMM_ACTOR =
      SpawnKey.of(PREFIX + "CommActor", CommMessage.class);

  private CastCodecs() {}

  /** Registers the comm actor's messages on {@code builder} and returns it. */
  public static CodecRegistry.Builder register(CodecRegistry.Builder builder) {
    checkNotNull(builder, "builder");
    return builder
        .sealed(PREFIX + "CommMessage", CommMessage.class)
        .record(PREFIX + "FrameWire", FrameWire.class)
        .sealed(PREFIX + "Selection", SelectionWire.class);
  }

  /** Registers the comm actor as a spawnable type on {@code registry} and returns it. */
  public static SpawnableRegistry registerSpawnable(
      SpawnableRegistry registry, CodecRegistry codecs) {
    checkNotNull(registry, "registry");
    return registry.register(COMM_ACTOR, params -> new CommActor(), codecs);
  }
}
