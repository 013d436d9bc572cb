package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.internal.mailbox.CodecRegistry;

/**
 * The proc agent's debug messages that may cross a process boundary, under stable type names.
 *
 * <p>A registry that both a parent and its child procs build with {@link #register} lets the
 * parent ask a child's agent for a {@link ThreadDump} and decode the {@link ThreadDumpResult}.
 */
public final class ProcAgentCodecs {
  /** The prefix of every type name registered here. */
  public static final String PREFIX = "hyperactor.agent.";

  private ProcAgentCodecs() {}

  /** Registers the agent's remote debug messages on {@code builder} and returns it. */
  public static CodecRegistry.Builder register(CodecRegistry.Builder builder) {
    checkNotNull(builder, "builder");
    return builder
        .record(PREFIX + "ThreadDump", ThreadDump.class)
        .record(PREFIX + "ThreadDumpResult", ThreadDumpResult.class)
        .record(PREFIX + "ThreadStack", ThreadStack.class);
  }
}
