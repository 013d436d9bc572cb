package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.IntrospectMessage;
import io.hyperactor.IntrospectResult;
import io.hyperactor.debug.ProcDiagnosticsException;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ProcMeshId;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.MeshState;
import io.hyperactor.resource.ProcSpec;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceMessage;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import io.hyperactor.supervision.HandlerInfo;

/**
 * The messages and values of meshes that cross process boundaries, under stable type names: the
 * resource protocol that host and proc agents answer, the statuses and states they report, the
 * supervision events inside them, and the mesh ids and references an actor may send to another.
 *
 * <p>Every actor system registers them, so a client, its hosts and their procs understand each
 * other whatever the application registers. Introspection queries and their answers are among
 * them, so that a host's or a proc's node can be asked for from another process.
 */
public final class MeshCodecs {
  /** The prefix of every type name registered here. */
  public static final String PREFIX = "hyperactor.";

  private MeshCodecs() {}

  /** Registers the mesh types on {@code builder} and returns it. */
  public static CodecRegistry.Builder register(CodecRegistry.Builder builder) {
    checkNotNull(builder, "builder");
    return builder
        .sealed(PREFIX + "resource.ResourceMessage", ResourceMessage.class)
        .sealed(PREFIX + "resource.Status", Status.class)
        .record(PREFIX + "resource.Rank", Rank.class)
        .record(PREFIX + "resource.State", State.class)
        .record(PREFIX + "resource.MeshState", MeshState.class)
        .record(PREFIX + "resource.StatusOverlay", StatusOverlay.class)
        .record(PREFIX + "resource.StatusOverlay.Run", StatusOverlay.Run.class)
        .record(PREFIX + "resource.ActorSpec", ActorSpec.class)
        .record(PREFIX + "resource.ActorState", ActorState.class)
        .record(PREFIX + "resource.ProcSpec", ProcSpec.class)
        .record(PREFIX + "resource.ProcState", ProcState.class)
        .sealed(PREFIX + "host.ProcStatus", ProcStatus.class)
        .sealed(PREFIX + "IntrospectMessage", IntrospectMessage.class)
        .enumType(PREFIX + "IntrospectMessage.View", IntrospectMessage.View.class)
        .record(PREFIX + "IntrospectResult", IntrospectResult.class)
        .record(PREFIX + "supervision.ActorSupervisionEvent", ActorSupervisionEvent.class)
        .sealed(PREFIX + "supervision.ActorStatus", ActorStatus.class)
        .sealed(PREFIX + "supervision.ActorErrorKind", ActorErrorKind.class)
        .record(PREFIX + "supervision.HandlerInfo", HandlerInfo.class)
        .record(PREFIX + "mesh.HostMeshId", HostMeshId.class)
        .record(PREFIX + "mesh.ProcMeshId", ProcMeshId.class)
        .record(PREFIX + "mesh.ActorMeshId", ActorMeshId.class)
        .record(PREFIX + "mesh.HostRef", HostRef.class)
        .record(PREFIX + "mesh.ProcRef", ProcRef.class)
        .record(PREFIX + "mesh.MeshFailure", MeshFailure.class)
        .record(PREFIX + "mesh.HostMeshRef", HostMeshRefImpl.class)
        .record(PREFIX + "mesh.ProcMeshRef", ProcMeshRefImpl.class)
        .record(PREFIX + "mesh.ActorMeshRef", ActorMeshRefImpl.class)
        .sealed(PREFIX + "mesh.HostAgentMessage", HostAgentMessage.class)
        .record(PREFIX + "mesh.HostAck", HostAgentMessage.HostAck.class)
        .record(PREFIX + "mesh.LocalProc", HostAgentMessage.LocalProc.class)
        .record(PREFIX + "mesh.ProcLogsReply", HostAgentMessage.ProcLogsReply.class)
        .record(PREFIX + "debug.ProcLogs", ProcLogs.class)
        .record(PREFIX + "debug.ProcLogs.Line", ProcLogs.Line.class)
        .enumType(PREFIX + "debug.ProcLogs.Stream", ProcLogs.Stream.class)
        .enumType(
            PREFIX + "debug.ProcDiagnosticsException.Reason", ProcDiagnosticsException.Reason.class)
        .record(PREFIX + "mesh.HostInfo.Get", HostInfo.Get.class)
        .sealed(PREFIX + "mesh.ControllerMessage", ControllerMessage.class)
        .record(PREFIX + "mesh.SupervisionNotice", SupervisionNotice.class);
  }
}
