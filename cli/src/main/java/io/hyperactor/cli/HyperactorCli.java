package io.hyperactor.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hyperactor} command: its one subcommand, {@code host}, serves a standalone host that
 * mesh clients attach to by address.
 *
 * <p>Exit codes: 0 when the command finished as asked (a host shut down by SIGTERM or by a client
 * included), 2 for a usage or configuration error (an unknown option, key or value; a missing
 * file), 1 for a failure at run time (an address that cannot be bound, a host that failed).
 *
 * <pre>{@code
 * hyperactor host --config /etc/hyperactor/host.conf
 * hyperactor host --addr tcp:0.0.0.0:26600
 * }</pre>
 */
@Command(
    name = "hyperactor",
    mixinStandardHelpOptions = true,
    versionProvider = HyperactorCli.Version.class,
    description = "Hyperactor for Java command line.",
    subcommands = {HostCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:finished as asked",
      "1:failure at run time",
      "2:usage or configuration error"
    })
public final class HyperactorCli implements Runnable {
  /** The command finished as asked. */
  public static final int EXIT_OK = 0;

  /** A failure at run time. */
  public static final int EXIT_FAILURE = 1;

  /** A usage or configuration error. */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  private HyperactorCli() {}

  /** Runs the command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    int code =
        execute(
            args,
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true));
    System.exit(code);
  }

  /** Runs the command line {@code args} with the environment {@code env}; returns the exit code. */
  static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new HyperactorCli(), new Factory(env, out, err));
    line.setOut(out);
    line.setErr(err);
    line.setExitCodeExceptionMapper(
        e ->
            e instanceof UsageError || e instanceof CommandLine.ParameterException
                ? EXIT_USAGE
                : EXIT_FAILURE);
    line.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UsageError) {
            commandLine.getErr().println("hyperactor: " + e.getMessage());
            return EXIT_USAGE;
          }
          commandLine.getErr().println("hyperactor: " + e);
          e.printStackTrace(commandLine.getErr());
          return EXIT_FAILURE;
        });
    return line.execute(args);
  }

  @Override
  public void run() {
    // No subcommand given: say what there is.
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** A usage or configuration error found while running a command: exit code 2. */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Makes the subcommands with the environment and output streams of this run. */
  private record Factory(Map<String, String> env, PrintWriter out, PrintWriter err)
      implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == HostCommand.class) {
        return type.cast(new HostCommand(env, out, err));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** The version in the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = HyperactorCli.class.getPackage().getImplementationVersion();
      return new String[] {"hyperactor " + (version == null ? "(development build)" : version)};
    }
  }
}
