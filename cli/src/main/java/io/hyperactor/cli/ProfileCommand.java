package io.hyperactor.cli;

import io.hyperactor.config.HumanDuration;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hyperactor profile <procId>}: has the admin server record a Java Flight Recorder profile
 * of a proc's process for a while, and writes the recording to a file.
 *
 * <p>Profiling costs the proc something, so the server allows it only when it has a token
 * ({@code mesh_admin_token}) and the request carries it. While the server records, a progress bar
 * on standard error shows the time elapsed of the total, when standard error is a terminal or
 * {@code --progress} is given (never with {@code --json} unless asked for).
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = {
      "Records a Java Flight Recorder profile of a proc's process for --duration and writes it to"
          + " --out (default: the file name the server gives, in the current directory). Open it"
          + " with `jfr print` or JDK Mission Control. The server needs mesh_admin_token set and"
          + " the request must carry it (--token).",
      "With --json prints {procId, duration, file, bytes} instead of a sentence."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the recording was written",
      AdminCommand.EXIT_1 + "; or the file cannot be written",
      AdminCommand.EXIT_2,
      AdminCommand.EXIT_4 + "; profiling needs mesh_admin_token on the server"
    })
final class ProfileCommand extends AdminCommand {
  private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]+)\"");

  @Parameters(
      index = "0",
      paramLabel = "PROC_ID",
      description = "The proc, as `hyperactor tree` prints it.")
  private String procId = "";

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long to record, such as 5s or 1m; at most the server's"
              + " mesh_admin_pyspy_max_profile_duration. Default: 5s.")
  private Duration duration = Duration.ofSeconds(5);

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the recording. Default: the server's file name, here.")
  private @Nullable Path out;

  @Option(
      names = "--progress",
      description = "Draw the progress bar on standard error even when it is not a terminal.")
  private boolean progress;

  ProfileCommand(Console console) {
    super(console);
  }

  @Override
  String name() {
    return "profile";
  }

  @Override
  int run(AdminClient client) {
    String durationText = HumanDuration.format(duration);
    String path = procPath(procId, "profile") + "?duration=" + durationText;
    boolean drawProgress = progress || (console.stderrTerminal() && !options.json());
    ProgressBar bar = new ProgressBar(console.err(), "recording", duration);
    HttpResponse<byte[]> response;
    try {
      response = client.post(path, duration, drawProgress ? bar::update : elapsed -> {});
    } finally {
      bar.finish();
    }
    Path file = out != null ? out : Path.of(serverFileName(response));
    byte[] recording = response.body();
    try {
      Files.write(file, recording);
    } catch (IOException | InvalidPathException e) {
      console.err().println("hyperactor profile: cannot write the recording to " + file + ": " + e);
      console.err().flush();
      return HyperactorCli.EXIT_FAILURE;
    }
    if (options.json()) {
      Map<String, Object> written = new LinkedHashMap<>();
      written.put("procId", procId);
      written.put("duration", durationText);
      written.put("file", file.toAbsolutePath().toString());
      written.put("bytes", recording.length);
      printJson(client, written);
    } else {
      console
          .out()
          .println(
              "wrote a "
                  + durationText
                  + " recording of "
                  + procId
                  + " to "
                  + file
                  + " ("
                  + recording.length
                  + " bytes); open it with `jfr print "
                  + file
                  + "` or JDK Mission Control");
      console.out().flush();
    }
    return HyperactorCli.EXIT_OK;
  }

  /**
   * The file name of the server's {@code Content-Disposition}, without any directory part (a file
   * name from the network never chooses where to write); {@code profile.jfr} when there is none.
   */
  static String serverFileName(HttpResponse<?> response) {
    String disposition = response.headers().firstValue("Content-Disposition").orElse("");
    Matcher m = FILENAME.matcher(disposition);
    if (m.find()) {
      String name = m.group(1);
      name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
      if (!name.isEmpty() && !name.equals(".") && !name.equals("..")) {
        return name;
      }
    }
    return "profile.jfr";
  }
}
