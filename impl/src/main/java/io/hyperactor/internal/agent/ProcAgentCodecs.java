package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorTree;
import io.hyperactor.config.ConfigEntry;
import io.hyperactor.config.ConfigLayer;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.debug.ThreadStack;
import io.hyperactor.internal.mailbox.CodecRegistry;

/**
 * The messages of the proc agent and its gateway that may cross a process boundary, under stable
 * type names.
 *
 * <p>Every actor system registers them, so a parent and its child procs can ask each other's
 * agents for a {@link ThreadDump}, a {@link ConfigDump} and a {@link CpuProfile} (whose recording
 * travels in the reply), spawn through the gateway, and list actors.
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
        .record(PREFIX + "ThreadStack", ThreadStack.class)
        .record(PREFIX + "ConfigDump", ConfigDump.class)
        .record(PREFIX + "ConfigDumpResult", ConfigDumpResult.class)
        .record(PREFIX + "ConfigEntry", ConfigEntry.class)
        .enumType(PREFIX + "ConfigLayer", ConfigLayer.class)
        .record(PREFIX + "CpuProfile", CpuProfile.class)
        .sealed(PREFIX + "CpuProfileResult", CpuProfileResult.class)
        .sealed(PREFIX + "GatewayMsg", GatewayMessages.GatewayMsg.class)
        .record(PREFIX + "SpawnedActor", SpawnedActor.class)
        .record(PREFIX + "ActorTree", ActorTree.class)
        .record(PREFIX + "ActorTree.Entry", ActorTree.Entry.class);
  }
}
