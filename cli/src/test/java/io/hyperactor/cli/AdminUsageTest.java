package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin commands' usage errors, their help, and a server that cannot be reached: everything
 * that needs no running admin server.
 */
class AdminUsageTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return HyperactorCli.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  /** A loopback URL whose port nothing listens on: bound, then closed again. */
  private static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }
  }

  @Test
  void topLevelHelpListsTheAdminCommandsAndEveryExitCode() {
    assertThat(run("--help")).isEqualTo(0);
    String help = out.toString();
    for (String command : new String[] {"tree", "status", "threads", "profile", "config", "logs"}) {
      assertThat(help).contains("  " + command);
    }
    assertThat(help).contains("3   status found failed or unreachable hosts, procs or actors");
    assertThat(help).contains("4   the admin server refused the request's authorization");
  }

  @Test
  void statusHelpNamesTheCommonOptionsAndItsExitCodes() {
    assertThat(run("status", "--help")).isEqualTo(0);
    String help = out.toString();
    assertThat(help).contains("--admin=URL");
    assertThat(help).contains("HYPERACTOR_MESH_ADMIN_URL");
    assertThat(help).contains("--token=TOKEN");
    assertThat(help).contains("--json");
    assertThat(help).contains("--timeout=DURATION");
    assertThat(help).contains("3   failed or unreachable hosts, procs or actors were found");
  }

  @Test
  void aClosedPortFailsWithExitCodeOneNamingTheServer() throws IOException {
    String url = closedPortUrl();
    assertThat(run("tree", "--admin", url)).isEqualTo(1);
    assertThat(err.toString()).contains("hyperactor tree: the admin server at " + url);
    assertThat(err.toString()).contains("is unreachable");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void theAdminUrlComesFromTheEnvironmentWhenNotGiven() throws IOException {
    String url = closedPortUrl();
    assertThat(run(Map.of("HYPERACTOR_MESH_ADMIN_URL", url), "status")).isEqualTo(1);
    assertThat(err.toString()).contains("the admin server at " + url + " is unreachable");
  }

  @Test
  void aBadDurationIsAUsageError() {
    assertThat(run("profile", "local:1,p0", "--duration", "5 parsecs")).isEqualTo(2);
    assertThat(err.toString()).contains("--duration");
    assertThat(err.toString()).contains("'5 parsecs' is not a duration");
  }

  @Test
  void aZeroDurationIsAUsageError() {
    assertThat(run("profile", "local:1,p0", "--duration", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("'0' is not a positive duration");
  }

  @Test
  void aBadTimeoutIsAUsageError() {
    assertThat(run("tree", "--timeout", "10")).isEqualTo(2);
    assertThat(err.toString()).contains("the number 10 has no unit");
  }

  @Test
  void anAdminUrlThatIsNotHttpIsAUsageError() {
    assertThat(run("tree", "--admin", "tcp:127.0.0.1:1729")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--admin: 'tcp:127.0.0.1:1729' is not an http or https URL");
  }

  @Test
  void aMissingProcIdIsAUsageError() {
    assertThat(run("threads")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'PROC_ID'");
  }

  @Test
  void aLineCountThatIsNotPositiveIsAUsageError() {
    assertThat(run("logs", "local:1,p0", "--lines", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--lines must be positive, not 0");
  }
}
