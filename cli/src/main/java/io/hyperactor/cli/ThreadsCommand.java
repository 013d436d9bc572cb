package io.hyperactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hyperactor threads <procId>}: the threads of a proc's process, each with its state, the
 * actor it is running (if any) and the frame on top of its stack.
 */
@Command(
    name = "threads",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the threads of a proc's process: NAME, STATE, ACTOR (the actor whose handler the"
          + " thread runs, if any) and TOP FRAME. --stacks prints every thread's whole stack."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {AdminCommand.EXIT_0, AdminCommand.EXIT_1, AdminCommand.EXIT_2, AdminCommand.EXIT_4})
final class ThreadsCommand extends AdminCommand {
  @Parameters(
      index = "0",
      paramLabel = "PROC_ID",
      description = "The proc, as `hyperactor tree` prints it, such as 'tcp:10.0.0.7:26601,worker-0'.")
  private String procId = "";

  @Option(names = "--stacks", description = "After the table, print each thread's whole stack.")
  private boolean stacks;

  ThreadsCommand(Console console) {
    super(console);
  }

  @Override
  String name() {
    return "threads";
  }

  @Override
  int run(AdminClient client) {
    String path = procPath(procId, "threads");
    JsonNode json = client.getJson(path);
    if (options.json()) {
      printJson(client, json);
      return HyperactorCli.EXIT_OK;
    }
    AdminJson.ThreadDump dump = client.read(json, AdminJson.ThreadDump.class, path);
    console
        .out()
        .println(
            "proc " + dump.procId() + ", pid " + dump.pid() + ": "
                + TreeCommand.plural(dump.threads().size(), "thread"));
    Table table =
        new Table(
            Table.Column.text("NAME"),
            Table.Column.text("STATE"),
            Table.Column.text("ACTOR"),
            Table.Column.text("TOP FRAME"));
    for (AdminJson.ThreadInfo thread : dump.threads()) {
      table.row(
          thread.name().isEmpty() && thread.virtual() ? "(virtual)" : thread.name(),
          thread.state(),
          thread.actor() == null ? "" : thread.actor(),
          thread.frames().isEmpty() ? "" : frame(thread.frames().get(0)));
    }
    table.print(console.out());
    if (stacks) {
      for (AdminJson.ThreadInfo thread : dump.threads()) {
        console.out().println();
        console
            .out()
            .println(
                "\"" + thread.name() + "\" " + thread.state()
                    + (thread.virtual() ? " virtual" : "")
                    + (thread.actor() == null ? "" : " actor " + thread.actor()));
        thread.frames().forEach(f -> console.out().println("    at " + frame(f)));
      }
    }
    console.out().flush();
    return HyperactorCli.EXIT_OK;
  }

  /** A frame without the {@code at } that {@code Throwable.printStackTrace} puts before it. */
  static String frame(String text) {
    String stripped = text.strip();
    return stripped.startsWith("at ") ? stripped.substring(3) : stripped;
  }
}
