package io.hyperactor.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of the mesh admin HTTP API v1 that the commands read, as records Jackson fills.
 * Fields the commands do not show are left out; fields the server adds later are ignored.
 */
final class AdminJson {
  private AdminJson() {}

  /** {@code GET /v1/tree}. */
  record Tree(String asOf, boolean complete, List<Host> hosts) {
    Tree {
      hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }
  }

  /** One host of the tree. */
  record Host(String id, @Nullable String addr, String status, List<Proc> procs) {
    Host {
      procs = procs == null ? List.of() : List.copyOf(procs);
    }
  }

  /** One proc of a host. */
  record Proc(
      String id,
      String name,
      @Nullable Integer rank,
      @Nullable Long pid,
      String status,
      @Nullable String statusReason,
      boolean system,
      List<Actor> actors) {
    Proc {
      actors = actors == null ? List.of() : List.copyOf(actors);
    }
  }

  /** One actor of a proc. */
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

  /** {@code GET /v1/procs/{procId}/config}. */
  record ConfigDump(String procId, List<ConfigEntry> entries) {
    ConfigDump {
      entries = entries == null ? List.of() : List.copyOf(entries);
    }
  }

  /** One configuration key of a proc, with its value and the layer it came from. */
  record ConfigEntry(String key, @Nullable String value, @Nullable String source) {}

  /** {@code GET /v1/procs/{procId}/threads}. */
  record ThreadDump(String procId, long pid, List<ThreadInfo> threads) {
    ThreadDump {
      threads = threads == null ? List.of() : List.copyOf(threads);
    }
  }

  /** One thread of a proc's process: its state, the actor it runs, its stack top first. */
  record ThreadInfo(
      String name, String state, boolean virtual, @Nullable String actor, List<String> frames) {
    ThreadInfo {
      frames = frames == null ? List.of() : List.copyOf(frames);
    }
  }

  /** {@code GET /v1/procs/{procId}/logs}. */
  record ProcLogs(String procId, List<LogLine> lines) {
    ProcLogs {
      lines = lines == null ? List.of() : List.copyOf(lines);
    }
  }

  /** One line a proc's process wrote, and to which stream. */
  record LogLine(String stream, String text) {}
}
