package io.hyperactor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hyperactor config <procId>}: the configuration a proc runs with, each key with its value
 * and the layer it came from.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the configuration a proc runs with: KEY, VALUE and SOURCE (the layer the value"
          + " came from: default, env, file, runtime, ...)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {AdminCommand.EXIT_0, AdminCommand.EXIT_1, AdminCommand.EXIT_2, AdminCommand.EXIT_4})
final class ConfigCommand extends AdminCommand {
  @Parameters(
      index = "0",
      paramLabel = "PROC_ID",
      description = "The proc, as `hyperactor tree` prints it.")
  private String procId = "";

  ConfigCommand(Console console) {
    super(console);
  }

  @Override
  String name() {
    return "config";
  }

  @Override
  int run(AdminClient client) {
    String path = procPath(procId, "config");
    JsonNode json = client.getJson(path);
    if (options.json()) {
      printJson(client, json);
      return HyperactorCli.EXIT_OK;
    }
    AdminJson.ConfigDump dump = client.read(json, AdminJson.ConfigDump.class, path);
    Table table =
        new Table(Table.Column.text("KEY"), Table.Column.text("VALUE"), Table.Column.text("SOURCE"));
    for (AdminJson.ConfigEntry entry : dump.entries()) {
      table.row(
          entry.key(),
          entry.value() == null ? "" : entry.value(),
          entry.source() == null ? "" : entry.source());
    }
    table.print(console.out());
    return HyperactorCli.EXIT_OK;
  }
}
