package io.hyperactor.internal.admin;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.AskTimeoutException;
import io.hyperactor.ClientInstance;
import io.hyperactor.config.HumanDuration;
import io.hyperactor.debug.ConfigDump;
import io.hyperactor.debug.CpuProfileRecording;
import io.hyperactor.debug.ProcDiagnosticsException;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.debug.ThreadStack;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.admin.MeshIntrospector.Located;
import io.hyperactor.runtime.ActorSystem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The routes about one proc, {@code /v1/procs/{procId}/...}: one method per endpoint, each
 * registered in {@link #register}.
 *
 * <p>Every endpoint first finds the proc on one of the admin server's hosts ({@link #procOf}), so
 * a proc no host knows is a 404 naming it and a malformed id a 400.
 */
final class ProcRoutes {
  /** The number of log lines answered when the request names none. */
  static final int DEFAULT_LOG_LINES = 200;

  /** The most log lines one request may ask for. */
  static final int MAX_LOG_LINES = 10_000;

  private final MeshIntrospector mesh;
  private final ActorSystem system;
  private final ClientInstance client;

  ProcRoutes(MeshIntrospector mesh, ActorSystem system, ClientInstance client) {
    this.mesh = mesh;
    this.system = system;
    this.client = client;
  }

  void register(Router router) {
    router.get("/v1/procs/{procId}/threads", Router.Kind.RESOLVE, this::threads);
    router.get("/v1/procs/{procId}/config", Router.Kind.RESOLVE, this::config);
    router.add("POST", "/v1/procs/{procId}/profile", Router.Kind.PRIVILEGED, this::profile);
    router.get("/v1/procs/{procId}/logs", Router.Kind.RESOLVE, this::logs);
  }

  /**
   * The proc named by the path parameter {@code procId}, found on its host.
   *
   * @throws AdminException 400 for a malformed id, 404 for a proc no host knows, 504 when its host
   *     did not answer
   */
  Located procOf(AdminRequest request) throws AdminException, InterruptedException {
    String text = request.param("procId");
    ProcId procId;
    try {
      procId = ProcId.parse(text);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest("procId '" + text + "' is not a proc id: " + e.getMessage());
    }
    return mesh.locate(procId);
  }

  /**
   * The proc as one whose agent can be asked.
   *
   * @throws AdminException 404 for a host's built-in proc (it has no agent) or a proc whose
   *     process ended
   */
  Located agentProcOf(AdminRequest request) throws AdminException, InterruptedException {
    Located located = procOf(request);
    if (MeshIntrospector.isSystemProc(located.procId())) {
      throw AdminException.notFound(
          "proc '" + located.procId() + "' is a host's built-in proc, which has no proc agent");
    }
    MeshIntrospector.ProcEntry entry = located.entry();
    if (entry != null && (entry.status().equals("failed") || entry.status().equals("stopped"))) {
      throw AdminException.notFound(
          "proc '"
              + located.procId()
              + "' is "
              + entry.status()
              + (entry.reason() == null ? "" : " (" + entry.reason() + ")")
              + "; there is no process left to ask");
    }
    return located;
  }

  /** {@code GET /v1/procs/{procId}/threads}: a thread dump of the proc's process. */
  AdminResponse threads(AdminRequest request) throws AdminException, InterruptedException {
    Located located = agentProcOf(request);
    ProcId procId = located.procId();
    ThreadDumpResult dump;
    try {
      dump =
          system
              .threadDump(client, procId)
              .get(mesh.timeouts().threadDump().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw AdminException.timedOut(
          "proc '"
              + procId
              + "' did not answer a thread dump within mesh_admin_pyspy_timeout ("
              + mesh.timeouts().threadDump()
              + ")");
    } catch (ExecutionException e) {
      throw new AdminException(
          502, "thread dump of proc '" + procId + "' failed: " + e.getCause().getMessage());
    }
    if (dump.error() != null) {
      throw new AdminException(
          502, "thread dump of proc '" + procId + "' failed: " + dump.error());
    }
    List<AdminJson.Thread> threads =
        dump.threads().stream().map(ProcRoutes::thread).toList();
    return new AdminResponse.Json(new AdminJson.ThreadDump(procId.toString(), dump.pid(), threads));
  }

  private static AdminJson.Thread thread(ThreadStack t) {
    return new AdminJson.Thread(t.name(), t.state(), t.virtual(), t.actorId(), t.frames());
  }

  /** {@code GET /v1/procs/{procId}/config}: the resolved configuration of the proc's process. */
  AdminResponse config(AdminRequest request) throws AdminException, InterruptedException {
    ProcId procId = agentProcOf(request).procId();
    Duration timeout = mesh.timeouts().configDump();
    ConfigDump dump =
        await(
            system.configDump(client, procId, timeout),
            timeout,
            procId,
            "a config dump",
            "mesh_admin_config_dump_bridge_timeout (" + HumanDuration.format(timeout) + ")");
    List<AdminJson.ConfigEntry> entries =
        dump.entries().stream()
            .map(e -> new AdminJson.ConfigEntry(e.key(), e.value(), e.source()))
            .toList();
    return new AdminResponse.Json(new AdminJson.ConfigDump(procId.toString(), entries));
  }

  /**
   * {@code POST /v1/procs/{procId}/profile?duration=5s}: a CPU profile of the proc's process, the
   * JFR recording as a download named {@code <procName>-<pid>.jfr}. The duration is required, in
   * the configuration's duration forms, and bounded by {@code
   * mesh_admin_pyspy_max_profile_duration}; the answer comes after it.
   */
  AdminResponse profile(AdminRequest request) throws AdminException, InterruptedException {
    String text =
        request
            .queryParam("duration")
            .orElseThrow(
                () ->
                    AdminException.badRequest(
                        "query parameter duration is required: how long to profile, e.g."
                            + " duration=5s"));
    Duration duration;
    try {
      duration = HumanDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest(
          "query parameter duration '" + text + "' is not " + HumanDuration.EXPECTED);
    }
    ProcId procId = agentProcOf(request).procId();
    Duration slack = mesh.timeouts().threadDump();
    CompletableFuture<CpuProfileRecording> asked;
    try {
      asked = system.cpuProfile(client, procId, duration, slack);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest("query parameter duration: " + e.getMessage());
    }
    CpuProfileRecording profile;
    try {
      profile =
          await(
              asked,
              duration.plus(slack),
              procId,
              "a profile of " + HumanDuration.format(duration),
              "its duration plus mesh_admin_pyspy_timeout (" + HumanDuration.format(slack) + ")");
    } catch (AdminException e) {
      // The proc's own bounds refused the duration.
      throw e.status() == 400
          ? AdminException.badRequest("query parameter duration: " + e.getMessage())
          : e;
    }
    String filename = fileNamePart(procId.name()) + "-" + profile.pid() + ".jfr";
    return new AdminResponse.Bytes(
        "application/octet-stream",
        profile.toByteArray(),
        ImmutableMap.of("Content-Disposition", "attachment; filename=\"" + filename + "\""));
  }

  /**
   * {@code GET /v1/procs/{procId}/logs?lines=200}: the last lines the proc's process wrote to
   * stdout and stderr, from its host ({@value #DEFAULT_LOG_LINES} lines unless {@code lines} says
   * otherwise, at most {@value #MAX_LOG_LINES}). A proc whose process ended keeps its lines while
   * its host knows it, so this does not need the proc to run.
   */
  AdminResponse logs(AdminRequest request) throws AdminException, InterruptedException {
    int lines = logLines(request);
    ProcId procId = procOf(request).procId();
    Duration timeout = mesh.timeouts().singleHost();
    ProcLogs logs =
        await(
            system.procLogs(client, procId, lines, timeout),
            timeout,
            procId,
            "a request for its output",
            "mesh_admin_single_host_timeout (" + HumanDuration.format(timeout) + ")");
    List<AdminJson.LogLine> out =
        logs.lines().stream()
            .map(l -> new AdminJson.LogLine(l.stream().label(), l.text()))
            .toList();
    return new AdminResponse.Json(new AdminJson.ProcLogs(procId.toString(), out));
  }

  private static int logLines(AdminRequest request) throws AdminException {
    String text = request.queryParam("lines").orElse(null);
    if (text == null) {
      return DEFAULT_LOG_LINES;
    }
    int lines;
    try {
      lines = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      lines = 0;
    }
    if (lines < 1 || lines > MAX_LOG_LINES) {
      throw AdminException.badRequest(
          "query parameter lines must be an integer from 1 to "
              + MAX_LOG_LINES
              + ", got '"
              + text
              + "'");
    }
    return lines;
  }

  /**
   * The answer of a diagnostic request, or the error it becomes: 504 naming the timeout key when
   * no answer came in time, and the status a {@link ProcDiagnosticsException} reason maps to.
   *
   * @param timeout how long the request itself waits; this waits a little longer, so that the
   *     request's own timeout (which names its target) is the one that fires
   */
  private static <T> T await(
      CompletableFuture<T> future, Duration timeout, ProcId procId, String what, String timeoutKey)
      throws AdminException, InterruptedException {
    try {
      return future.get(timeout.plusSeconds(1).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw timedOut(procId, what, timeoutKey);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AskTimeoutException) {
        throw timedOut(procId, what, timeoutKey);
      }
      if (cause instanceof ProcDiagnosticsException d) {
        throw new AdminException(statusOf(d.reason()), d.getMessage());
      }
      throw new AdminException(
          502, what + " of proc '" + procId + "' failed: " + String.valueOf(cause));
    }
  }

  private static AdminException timedOut(ProcId procId, String what, String timeoutKey) {
    return AdminException.timedOut(
        "proc '" + procId + "' did not answer " + what + " within " + timeoutKey);
  }

  /**
   * Refusals of bad input are 400, of something that is not there 404; a proc that could not be
   * reached or failed to do it is a 502, as for a thread dump.
   */
  static int statusOf(ProcDiagnosticsException.Reason reason) {
    return switch (reason) {
      case REJECTED -> 400;
      case NOT_FOUND, NO_OUTPUT -> 404;
      case UNDELIVERED, FAILED -> 502;
    };
  }

  /** {@code name} with every character a file name or a header quote could trip on replaced. */
  static String fileNamePart(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
