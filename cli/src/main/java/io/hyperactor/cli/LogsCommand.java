package io.hyperactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hyperactor logs <procId>}: the last lines a proc's process wrote to its standard output
 * and error, as its host kept them, each prefixed by its stream.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the last lines a proc's process wrote, oldest first, each prefixed by its stream:"
          + " 'stdout | ' or 'stderr | '."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {AdminCommand.EXIT_0, AdminCommand.EXIT_1, AdminCommand.EXIT_2, AdminCommand.EXIT_4})
final class LogsCommand extends AdminCommand {
  @Parameters(
      index = "0",
      paramLabel = "PROC_ID",
      description = "The proc, as `hyperactor tree` prints it.")
  private String procId = "";

  @Option(
      names = "--lines",
      paramLabel = "N",
      description = "How many of the last lines to print. Default: 200.")
  private int lines = 200;

  LogsCommand(Console console) {
    super(console);
  }

  @Override
  String name() {
    return "logs";
  }

  @Override
  int run(AdminClient client) {
    if (lines <= 0) {
      throw new HyperactorCli.UsageError("--lines must be positive, not " + lines, null);
    }
    String path = procPath(procId, "logs") + "?lines=" + lines;
    JsonNode json = client.getJson(path);
    if (options.json()) {
      printJson(client, json);
      return HyperactorCli.EXIT_OK;
    }
    AdminJson.ProcLogs logs = client.read(json, AdminJson.ProcLogs.class, path);
    for (AdminJson.LogLine line : logs.lines()) {
      console.out().println(line.stream() + " | " + line.text());
    }
    console.out().flush();
    return HyperactorCli.EXIT_OK;
  }
}
