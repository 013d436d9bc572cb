package io.hyperactor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A subcommand that asks a running mesh admin server: it makes the client from the common options,
 * runs, and turns a failed request into its message on standard error and its exit code (1 for an
 * unreachable server or an HTTP error, 4 for refused authorization).
 */
abstract class AdminCommand implements Callable<Integer> {
  // The exit codes every admin command lists in its help; status adds EXIT_3.
  static final String EXIT_0 = "0:the server answered";
  static final String EXIT_1 =
      "1:the request failed: the server is unreachable, did not answer in time or answered with"
          + " an error, which is printed";
  static final String EXIT_2 = "2:usage error (an unknown option, a bad duration or URL)";
  static final String EXIT_3 = "3:failed or unreachable hosts, procs or actors were found";
  static final String EXIT_4 = "4:the server refused the request's authorization (HTTP 401 or 403)";

  final Console console;

  @Mixin AdminOptions options;

  AdminCommand(Console console) {
    this.console = console;
    this.options = new AdminOptions();
  }

  @Override
  public final Integer call() {
    try (AdminClient client =
        new AdminClient(
            options.adminUri(console.env()), options.token(console.env()), options.timeout())) {
      return run(client);
    } catch (AdminRequestException e) {
      console.err().println("hyperactor " + name() + ": " + e.getMessage());
      console.err().flush();
      return e.exitCode();
    }
  }

  /** Asks the server and prints the answer; returns the exit code. */
  abstract int run(AdminClient client);

  /** The subcommand's name, for messages. */
  abstract String name();

  /** Prints {@code json} pretty, for {@code --json}. */
  void printJson(AdminClient client, Object json) {
    try {
      console.out().println(client.mapper().writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
    console.out().flush();
  }

  /** The API path of proc {@code procId}'s resource {@code what}, such as its threads. */
  static String procPath(String procId, String what) {
    return "v1/procs/" + AdminClient.segment(procId) + "/" + what;
  }
}
