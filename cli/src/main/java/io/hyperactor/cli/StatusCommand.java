package io.hyperactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;

/**
 * {@code hyperactor status}: how many hosts, procs and actors the mesh has in each status, and
 * which ones failed or are unreachable; exit code 3 when there are any, for scripts and probes.
 *
 * <p>Unhealthy means: a host {@code unreachable}; a proc {@code failed} or {@code unreachable}; an
 * actor {@code failed}; or a tree the server could not complete in time (some node did not
 * answer). The runtime's own procs and actors count as well: a failed proc agent is a failure.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Prints how many hosts, procs and actors are in each status and lists the failed and"
          + " unreachable ones. With --json prints that summary as JSON: asOf, complete, healthy,"
          + " counts (per kind, per status) and unhealthy (kind, id, status, reason)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every host, proc and actor is healthy",
      AdminCommand.EXIT_1,
      AdminCommand.EXIT_2,
      AdminCommand.EXIT_3,
      AdminCommand.EXIT_4
    })
final class StatusCommand extends AdminCommand {
  /** The statuses in the order the API lists them; any other status gets a column after them. */
  private static final List<String> STATUSES =
      List.of("running", "stopping", "stopped", "failed", "unreachable", "unknown");

  private static final Set<String> UNHEALTHY_HOST = Set.of("unreachable");
  private static final Set<String> UNHEALTHY_PROC = Set.of("failed", "unreachable");
  private static final Set<String> UNHEALTHY_ACTOR = Set.of("failed");

  /** One host, proc or actor that is failed or unreachable. */
  record Unhealthy(String kind, String id, String status, @Nullable String reason) {}

  /** What the command prints: the counts per kind and status, and the unhealthy nodes. */
  record Summary(
      String asOf,
      boolean complete,
      boolean healthy,
      Map<String, Map<String, Integer>> counts,
      List<Unhealthy> unhealthy) {}

  StatusCommand(Console console) {
    super(console);
  }

  @Override
  String name() {
    return "status";
  }

  @Override
  int run(AdminClient client) {
    JsonNode json = client.getJson(TreeCommand.PATH);
    Summary summary = summarize(client.read(json, AdminJson.Tree.class, TreeCommand.PATH));
    if (options.json()) {
      printJson(client, summary);
    } else {
      print(summary);
    }
    return summary.healthy() ? HyperactorCli.EXIT_OK : HyperactorCli.EXIT_UNHEALTHY;
  }

  static Summary summarize(AdminJson.Tree tree) {
    Map<String, Integer> hosts = newCounts();
    Map<String, Integer> procs = newCounts();
    Map<String, Integer> actors = newCounts();
    List<Unhealthy> unhealthy = new ArrayList<>();
    for (AdminJson.Host host : tree.hosts()) {
      hosts.merge(host.status(), 1, Integer::sum);
      if (UNHEALTHY_HOST.contains(host.status())) {
        unhealthy.add(new Unhealthy("host", host.id(), host.status(), null));
      }
      for (AdminJson.Proc proc : host.procs()) {
        procs.merge(proc.status(), 1, Integer::sum);
        if (UNHEALTHY_PROC.contains(proc.status())) {
          unhealthy.add(new Unhealthy("proc", proc.id(), proc.status(), proc.statusReason()));
        }
        for (AdminJson.Actor actor : proc.actors()) {
          actors.merge(actor.status(), 1, Integer::sum);
          if (UNHEALTHY_ACTOR.contains(actor.status())) {
            String reason =
                actor.failure() != null ? actor.failure().message() : actor.statusReason();
            unhealthy.add(new Unhealthy("actor", actor.id(), actor.status(), reason));
          }
        }
      }
    }
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    counts.put("hosts", hosts);
    counts.put("procs", procs);
    counts.put("actors", actors);
    return new Summary(
        tree.asOf(), tree.complete(), tree.complete() && unhealthy.isEmpty(), counts, unhealthy);
  }

  private void print(Summary summary) {
    List<String> statuses = new ArrayList<>(STATUSES);
    for (Map<String, Integer> byStatus : summary.counts().values()) {
      byStatus.keySet().stream().filter(s -> !statuses.contains(s)).forEach(statuses::add);
    }
    List<Table.Column> columns = new ArrayList<>();
    columns.add(Table.Column.text("KIND"));
    columns.add(Table.Column.number("TOTAL"));
    statuses.forEach(s -> columns.add(Table.Column.number(s.toUpperCase(java.util.Locale.ROOT))));
    Table counts = new Table(columns.toArray(Table.Column[]::new));
    summary
        .counts()
        .forEach(
            (kind, byStatus) -> {
              List<String> row = new ArrayList<>();
              row.add(kind);
              row.add(Integer.toString(byStatus.values().stream().mapToInt(Integer::intValue).sum()));
              statuses.forEach(s -> row.add(Integer.toString(byStatus.getOrDefault(s, 0))));
              counts.row(row.toArray(String[]::new));
            });
    counts.print(console.out());
    if (!summary.unhealthy().isEmpty()) {
      console.out().println();
      console.out().println("Failed or unreachable:");
      Table failed =
          new Table(
              Table.Column.text("KIND"),
              Table.Column.text("ID"),
              Table.Column.text("STATUS"),
              Table.Column.text("REASON"));
      for (Unhealthy u : summary.unhealthy()) {
        failed.row(u.kind(), u.id(), u.status(), u.reason() == null ? "" : firstLine(u.reason()));
      }
      failed.print(console.out());
    }
    if (!summary.complete()) {
      console.out().println();
      console
          .out()
          .println(
              "The tree is incomplete: some hosts or procs did not answer in time"
                  + " (mesh_admin_tree_timeout).");
    }
    console.out().flush();
  }

  /** A reason's first line: a failure's message may carry a whole stack trace (--json has it). */
  static String firstLine(String reason) {
    String stripped = reason.strip();
    int end = stripped.indexOf('\n');
    return (end < 0 ? stripped : stripped.substring(0, end)).strip();
  }

  private static Map<String, Integer> newCounts() {
    return new LinkedHashMap<>();
  }
}
