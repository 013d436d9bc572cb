package io.hyperactor.internal.admin;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of the admin API, one record per shape of the contract ({@code
 * mesh-admin.schema.json} defines the same shapes); Jackson writes them with their component names
 * as camelCase fields and nulls kept.
 */
final class AdminJson {
  private AdminJson() {}

  /** The whole mesh; {@code complete} is false when some node did not answer in time. */
  record Tree(String asOf, boolean complete, List<Host> hosts) {}

  /** A host and its procs. */
  record Host(String id, String addr, String status, List<Proc> procs) {}

  /** A proc and its actors. */
  record Proc(
      String id,
      String name,
      @Nullable Long rank,
      @Nullable Long pid,
      String status,
      @Nullable String statusReason,
      boolean system,
      List<Actor> actors) {}

  /** An actor. */
  record Actor(
      String id,
      String name,
      @Nullable String parent,
      @Nullable String type,
      String status,
      @Nullable String statusReason,
      boolean system,
      long queueDepth,
      long messagesHandled,
      @Nullable String lastHandler,
      @Nullable String lastHandlerAt,
      @Nullable Failure failure) {}

  /** Why an actor failed. */
  record Failure(String message, @Nullable String rootCauseActor, @Nullable String occurredAt) {}

  /** One node of the tree with its raw attributes. */
  record Node(
      String id,
      String kind,
      String status,
      @Nullable String parent,
      List<String> children,
      Map<String, String> attrs,
      String asOf) {}

  /** A thread dump of a proc's process. */
  record ThreadDump(String procId, long pid, List<Thread> threads) {}

  /** One thread of a dump. */
  record Thread(
      String name, String state, boolean virtual, @Nullable String actor, List<String> frames) {}

  /** A proc's resolved configuration. */
  record ConfigDump(String procId, List<ConfigEntry> entries) {}

  /** One key of a configuration dump, with the layer that supplied its value. */
  record ConfigEntry(String key, String value, String source) {}

  /** The last lines a proc's process wrote, as its host kept them. */
  record ProcLogs(String procId, List<LogLine> lines) {}

  /** One line of a proc's output; {@code stream} is {@code stdout} or {@code stderr}. */
  record LogLine(String stream, String text) {}

  /** A supervision event a mesh reported. */
  record SupervisionEvent(
      String at,
      @Nullable String mesh,
      @Nullable String procId,
      @Nullable String actorId,
      List<Integer> ranks,
      String status,
      String message) {}

  /** The body of every error answer. */
  record ErrorBody(Error error) {}

  /** An error: its HTTP status and what went wrong. */
  record Error(int status, String message) {}
}
