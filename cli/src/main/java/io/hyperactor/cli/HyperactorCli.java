package io.hyperactor.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hyperactor} command: {@code host} serves a standalone host that mesh clients attach
 * to by address; {@code tree}, {@code status}, {@code threads}, {@code profile}, {@code config} and
 * {@code logs} ask a running mesh admin server (docs/operations.md, "CLI").
 *
 * <p>Exit codes, the same for every subcommand: 0 when the command finished as asked (a host shut
 * down by SIGTERM or by a client included); 1 for a failure at run time (an address that cannot be
 * bound, a host that failed, an admin server that cannot be reached or answers with an error); 2
 * for a usage or configuration error (an unknown option, key or value; a missing file; a bad
 * duration); 3 when {@code status} found failed or unreachable hosts, procs or actors; 4 when the
 * admin server refused the request's authorization (HTTP 401 or 403).
 *
 * <pre>{@code
 * hyperactor host --config /etc/hyperactor/host.conf
 * hyperactor status --admin http://mesh-admin:1729/
 * hyperactor threads 'tcp:10.0.0.7:26601,worker-0'
 * }</pre>
 */
@Command(
    name = "hyperactor",
    mixinStandardHelpOptions = true,
    versionProvider = HyperactorCli.Version.class,
    description = "Hyperactor for Java command line.",
    subcommands = {
      HostCommand.class,
      TreeCommand.class,
      StatusCommand.class,
      ThreadsCommand.class,
      ProfileCommand.class,
      ConfigCommand.class,
      LogsCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:finished as asked",
      "1:failure at run time (for the admin commands: the server is unreachable or answered"
          + " with an error, which is printed)",
      "2:usage or configuration error",
      "3:status found failed or unreachable hosts, procs or actors",
      "4:the admin server refused the request's authorization (HTTP 401 or 403)"
    })
public final class HyperactorCli implements Runnable {
  /** The command finished as asked. */
  public static final int EXIT_OK = 0;

  /** A failure at run time. */
  public static final int EXIT_FAILURE = 1;

  /** A usage or configuration error. */
  public static final int EXIT_USAGE = 2;

  /** {@code status} found failed or unreachable hosts, procs or actors. */
  public static final int EXIT_UNHEALTHY = 3;

  /** The admin server refused the request's authorization (HTTP 401 or 403). */
  public static final int EXIT_UNAUTHORIZED = 4;

  /**
   * The system property {@code bin/hyperactor} sets to {@code true} when standard error is a
   * terminal, which the JVM cannot tell by itself; progress bars are drawn only then (or when
   * asked for with {@code --progress}).
   */
  static final String STDERR_TERMINAL_PROPERTY = "hyperactor.cli.stderr-terminal";

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  private HyperactorCli() {}

  /** Runs the command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    int code =
        execute(
            args,
            new Console(
                System.getenv(),
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                Boolean.getBoolean(STDERR_TERMINAL_PROPERTY)));
    System.exit(code);
  }

  /** Runs the command line {@code args} with the environment {@code env}; returns the exit code. */
  static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return execute(args, new Console(env, out, err, false));
  }

  /** Runs the command line {@code args} on {@code console}; returns the exit code. */
  static int execute(String[] args, Console console) {
    PrintWriter out = console.out();
    PrintWriter err = console.err();
    CommandLine line = new CommandLine(new HyperactorCli(), new Factory(console));
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

    UsageError(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  /** Makes the subcommands with the environment and output streams of this run. */
  private record Factory(Console console) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == HostCommand.class) {
        return type.cast(new HostCommand(console.env(), console.out(), console.err()));
      }
      if (type == TreeCommand.class) {
        return type.cast(new TreeCommand(console));
      }
      if (type == StatusCommand.class) {
        return type.cast(new StatusCommand(console));
      }
      if (type == ThreadsCommand.class) {
        return type.cast(new ThreadsCommand(console));
      }
      if (type == ProfileCommand.class) {
        return type.cast(new ProfileCommand(console));
      }
      if (type == ConfigCommand.class) {
        return type.cast(new ConfigCommand(console));
      }
      if (type == LogsCommand.class) {
        return type.cast(new LogsCommand(console));
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
