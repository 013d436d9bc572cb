package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's help, usage and configuration errors, and their exit codes. */
class HyperactorCliTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return HyperactorCli.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private Path file(String hocon) throws IOException {
    return Files.writeString(dir.resolve("host.conf"), hocon);
  }

  @Test
  void helpListsTheHostCommandAndExitsZero() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out.toString()).contains("host");
    assertThat(out.toString()).contains("usage or configuration error");
  }

  @Test
  void hostHelpNamesItsOptionsAndExitsZero() {
    assertThat(run("host", "--help")).isEqualTo(0);
    assertThat(out.toString()).contains("--config=FILE");
    assertThat(out.toString()).contains("--addr=ADDR");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("a subcommand is required");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(run("host", "--adress", "tcp:0.0.0.0:0")).isEqualTo(2);
    assertThat(err.toString()).contains("'--adress'");
    assertThat(err.toString()).contains("Possible solutions: --addr");
  }

  @Test
  void anUnknownKeyIsAConfigurationErrorNamingIt() throws IOException {
    Path conf = file("hyperactor { host_adr = \"tcp:0.0.0.0:0\" }");
    assertThat(run("host", "--config", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown key hyperactor.host_adr");
    assertThat(err.toString()).contains("did you mean hyperactor.host_addr?");
  }

  @Test
  void aKeyOutsideTheHyperactorObjectIsAConfigurationError() throws IOException {
    Path conf = file("host_addr = \"tcp:0.0.0.0:0\"");
    assertThat(run("host", "--config", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown top-level key host_addr");
  }

  @Test
  void aBadValueIsAConfigurationErrorNamingTheKeyAndValue() throws IOException {
    Path conf = file("hyperactor.remote_alloc_allowed_port_range = \"26600-26610\"");
    assertThat(run("host", "--config", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("hyperactor.remote_alloc_allowed_port_range");
    assertThat(err.toString()).contains("'26600-26610' is not a port range");
  }

  @Test
  void aBadEnvironmentValueIsAConfigurationError() {
    assertThat(run(Map.of("HYPERACTOR_REMOTE_ALLOC_BIND_TO_INADDR_ANY", "yes"), "host"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("HYPERACTOR_REMOTE_ALLOC_BIND_TO_INADDR_ANY");
  }

  @Test
  void aBadHostAddrIsAConfigurationError() throws IOException {
    Path conf = file("hyperactor.host_addr = \"0.0.0.0:26600\"");
    assertThat(run("host", "--config", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("hyperactor.host_addr");
  }

  @Test
  void aMissingConfigFileIsAConfigurationError() {
    Path missing = dir.resolve("missing.conf");
    assertThat(run("host", "--config", missing.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("config file " + missing);
  }

  @Test
  void aBadAddrIsAUsageError() {
    assertThat(run("host", "--addr", "0.0.0.0:26600")).isEqualTo(2);
    assertThat(err.toString()).contains("--addr: invalid channel address '0.0.0.0:26600'");
  }

  @Test
  void anAddressThatCannotBeBoundIsARuntimeFailure() throws IOException {
    // TEST-NET-1 (RFC 5737) is assigned to no machine, so no local interface has it.
    assertThat(run("host", "--addr", "tcp:192.0.2.1:0")).isEqualTo(1);
    assertThat(err.toString()).contains("192.0.2.1");
  }

  @Test
  void aCodecClassThatIsMissingIsAUsageErrorNamingIt() {
    assertThat(run("host", "--codecs", "com.example.NoSuchCodecs")).isEqualTo(2);
    assertThat(err.toString()).contains("codec class com.example.NoSuchCodecs cannot be loaded");
  }

  @Test
  void aCodecClassOfTheWrongTypeFromTheEnvironmentIsAUsageError() {
    assertThat(run(Map.of("HYPERACTOR_HOST_CODECS", "java.lang.String"), "host")).isEqualTo(2);
    assertThat(err.toString()).contains("codec class java.lang.String is not a");
  }
}
