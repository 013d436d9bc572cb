package io.hyperactor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One in-process run of the command line: its exit code and what it printed, with helpers to
 * find a table row by its first cell.
 */
record CliRun(int exitCode, String out, String err) {
  /** Runs {@code args} with an empty environment; stderr is not a terminal. */
  static CliRun of(String... args) {
    return run(false, args);
  }

  /** Runs {@code args} with an empty environment, as if stderr were a terminal. */
  static CliRun onTerminal(String... args) {
    return run(true, args);
  }

  private static CliRun run(boolean stderrTerminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        HyperactorCli.execute(
            args,
            new Console(
                Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), stderrTerminal));
    return new CliRun(code, out.toString(), err.toString());
  }

  List<String> lines() {
    return out.lines().toList();
  }

  /** The cells of the table line whose first cell, indentation removed, is {@code first}. */
  Optional<List<String>> row(String first) {
    return lines().stream()
        .map(line -> Arrays.asList(line.strip().split("\\s{2,}")))
        .filter(cells -> cells.get(0).equals(first))
        .findFirst();
  }

  /** The line whose first cell, indentation removed, is {@code first}, indentation kept. */
  Optional<String> line(String first) {
    return lines().stream()
        .filter(line -> line.strip().split("\\s{2,}")[0].equals(first))
        .findFirst();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
