package io.hyperactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hyperactor tree}: the mesh as the admin server sees it, hosts then their procs then their
 * actors, indented, with each one's status and each actor's queue depth, handled-message count and
 * last handler.
 */
@Command(
    name = "tree",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the hosts, procs and actors of the mesh, indented, with STATUS, QUEUE (messages"
          + " waiting), HANDLED (messages handled) and LAST HANDLER (the message type last"
          + " handled, and how long before the answer)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {AdminCommand.EXIT_0, AdminCommand.EXIT_1, AdminCommand.EXIT_2, AdminCommand.EXIT_4})
final class TreeCommand extends AdminCommand {
  static final String PATH = "v1/tree";

  @Option(
      names = "--all",
      description =
          "Also show the runtime's own procs and actors (proc agents, gateways, comm actors),"
              + " which are hidden by default.")
  private boolean all;

  TreeCommand(Console console) {
    super(console);
  }

  @Override
  String name() {
    return "tree";
  }

  @Override
  int run(AdminClient client) {
    JsonNode json = client.getJson(PATH);
    if (options.json()) {
      printJson(client, json);
      return HyperactorCli.EXIT_OK;
    }
    AdminJson.Tree tree = client.read(json, AdminJson.Tree.class, PATH);
    Instant asOf = instant(tree.asOf());
    Table table =
        new Table(
            Table.Column.text("ID"),
            Table.Column.text("STATUS"),
            Table.Column.number("QUEUE"),
            Table.Column.number("HANDLED"),
            Table.Column.text("LAST HANDLER"));
    int hiddenProcs = 0;
    int hiddenActors = 0;
    for (AdminJson.Host host : tree.hosts()) {
      table.row(host.id(), host.status(), "", "", "");
      for (AdminJson.Proc proc : host.procs()) {
        if (proc.system() && !all) {
          hiddenProcs++;
          continue;
        }
        table.row("  " + proc.id(), proc.status(), "", "", "");
        for (AdminJson.Actor actor : proc.actors()) {
          if (actor.system() && !all) {
            hiddenActors++;
            continue;
          }
          table.row(
              "    " + actor.id(),
              actor.status(),
              Long.toString(actor.queueDepth()),
              Long.toString(actor.messagesHandled()),
              lastHandler(actor, asOf));
        }
      }
    }
    table.print(console.out());
    if (hiddenProcs + hiddenActors > 0) {
      String hidden =
          hiddenProcs == 0
              ? plural(hiddenActors, "system actor")
              : hiddenActors == 0
                  ? plural(hiddenProcs, "system proc")
                  : plural(hiddenProcs, "system proc") + " and " + plural(hiddenActors, "system actor");
      console.out().println("(" + hidden + " hidden; --all shows them)");
    }
    if (!tree.complete()) {
      console
          .out()
          .println(
              "The tree is incomplete: some hosts or procs did not answer in time"
                  + " (mesh_admin_tree_timeout).");
    }
    console.out().flush();
    return HyperactorCli.EXIT_OK;
  }

  /**
   * The last handler without its package, and how long before {@code asOf} it ran, such as {@code
   * Counter$CounterMsg::Get (3s ago)}.
   */
  static String lastHandler(AdminJson.Actor actor, @Nullable Instant asOf) {
    String handler = actor.lastHandler();
    if (handler == null) {
      return "";
    }
    handler = withoutPackage(handler);
    Instant at = actor.lastHandlerAt() == null ? null : instant(actor.lastHandlerAt());
    if (at == null || asOf == null) {
      return handler;
    }
    return handler + " (" + ago(Duration.between(at, asOf)) + ")";
  }

  /**
   * {@code io.example.Counter$Msg::Get} as {@code Counter$Msg::Get}: the package makes the column
   * wide and is rarely what tells two handlers apart; {@code --json} keeps it.
   */
  static String withoutPackage(String handler) {
    int members = handler.indexOf("::");
    String type = members < 0 ? handler : handler.substring(0, members);
    return handler.substring(type.lastIndexOf('.') + 1);
  }

  static String ago(Duration d) {
    if (d.isNegative() || d.toMillis() < 1000) {
      return "just now";
    }
    long s = d.toSeconds();
    if (s < 120) {
      return s + "s ago";
    }
    if (s < 2 * 3600) {
      return s / 60 + "m ago";
    }
    if (s < 2 * 86400) {
      return s / 3600 + "h ago";
    }
    return s / 86400 + "d ago";
  }

  static @Nullable Instant instant(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null; // Shown without the age rather than not at all.
    }
  }

  static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
