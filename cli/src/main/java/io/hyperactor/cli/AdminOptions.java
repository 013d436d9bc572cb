package io.hyperactor.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options every admin subcommand takes: which admin server, with which token, how long to
 * wait, and whether to print JSON instead of tables.
 */
final class AdminOptions {
  /** The environment variable giving the admin server's URL when {@code --admin} is not given. */
  static final String URL_ENV = "HYPERACTOR_MESH_ADMIN_URL";

  /** The environment variable giving the bearer token when {@code --token} is not given. */
  static final String TOKEN_ENV = "HYPERACTOR_MESH_ADMIN_TOKEN";

  /** The admin server's address when neither {@code --admin} nor the environment names one. */
  static final String DEFAULT_URL = "http://localhost:1729/";

  @Option(
      names = "--admin",
      paramLabel = "URL",
      description =
          "The mesh admin server, such as http://mesh-admin:1729/. Default: "
              + URL_ENV
              + ", else "
              + DEFAULT_URL
              + ".")
  private @Nullable String admin;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Bearer token the server requires when mesh_admin_token is set. Default: " + TOKEN_ENV + ".")
  private @Nullable String token;

  @Option(
      names = "--json",
      description = "Print the server's JSON answer, pretty-printed, instead of a table.")
  private boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to wait for the server's answer, such as 30s or 2m. Default: 30s.")
  private Duration timeout = Duration.ofSeconds(30);

  /** The admin server's base URI, ending in a slash, from the option or the environment. */
  URI adminUri(Map<String, String> env) {
    String text = admin;
    String from = "--admin";
    if (text == null) {
      text = env.getOrDefault(URL_ENV, "");
      from = URL_ENV;
      if (text.isBlank()) {
        text = DEFAULT_URL;
        from = "the default";
      }
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new HyperactorCli.UsageError(from + ": '" + text + "' is not a URL: " + e.getMessage(), e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new HyperactorCli.UsageError(
          from + ": '" + text + "' is not an http or https URL such as " + DEFAULT_URL, null);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (!path.endsWith("/")) {
      path = path + "/";
    }
    return uri.resolve(path);
  }

  /** The bearer token from the option or the environment; empty for none. */
  String token(Map<String, String> env) {
    return token != null ? token : env.getOrDefault(TOKEN_ENV, "");
  }

  boolean json() {
    return json;
  }

  Duration timeout() {
    return timeout;
  }
}
