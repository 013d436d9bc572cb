package io.hyperactor.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hyperactor.config.HumanDuration;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A client of the mesh admin server's HTTP API v1 (docs/operations.md), one per command run.
 *
 * <p>Every request carries the bearer token when one is given. An answer other than 2xx becomes an
 * {@link AdminRequestException} carrying the server's error message ({@code {"error": {"status",
 * "message"}}}); so does a server that cannot be reached, does not answer within the timeout, or
 * answers with text that is not JSON. Closing the client stops its HTTP client's threads.
 *
 * <p>Not thread-safe: a command uses it from its own thread.
 */
final class AdminClient implements AutoCloseable {
  /** How often a waiting request reports its elapsed time to a progress callback. */
  private static final Duration TICK = Duration.ofMillis(100);

  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper mapper =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * A client of the server at {@code base} (ending in a slash), sending {@code token} unless it is
   * empty, waiting at most {@code timeout} for each answer.
   */
  AdminClient(URI base, String token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** The JSON mapper the client reads with; it also pretty-prints. */
  ObjectMapper mapper() {
    return mapper;
  }

  /** {@code id} as one path segment, percent-encoded as the API asks. */
  static String segment(String id) {
    return URLEncoder.encode(id, UTF_8);
  }

  /** GETs {@code path} (relative to the API root, such as {@code v1/tree}) and reads its JSON. */
  JsonNode getJson(String path) {
    HttpRequest request = request(path, timeout).GET().header("Accept", "application/json").build();
    HttpResponse<byte[]> response = exchange(request, timeout, null);
    try {
      return mapper.readTree(response.body());
    } catch (IOException e) {
      throw AdminRequestException.failed(
          describe(request) + ": the answer is not JSON: " + e.getMessage(), e);
    }
  }

  /** Reads {@code json} as a {@code type}, or fails naming what did not fit. */
  <T> T read(JsonNode json, Class<T> type, String path) {
    try {
      return mapper.treeToValue(json, type);
    } catch (JsonProcessingException e) {
      throw AdminRequestException.failed(
          "GET " + path + ": the answer does not have the documented shape: " + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * POSTs {@code path} with no body and returns the answer, which the server may take {@code
   * serverTime} to produce on top of the usual timeout; {@code progress} hears the time waited so
   * far about every 100 ms.
   */
  HttpResponse<byte[]> post(String path, Duration serverTime, Consumer<Duration> progress) {
    Duration wait = serverTime.plus(timeout);
    HttpRequest request = request(path, wait).POST(HttpRequest.BodyPublishers.noBody()).build();
    return exchange(request, wait, progress);
  }

  private HttpRequest.Builder request(String path, Duration wait) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(wait);
    if (!token.isEmpty()) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpResponse<byte[]> exchange(
      HttpRequest request, Duration wait, @Nullable Consumer<Duration> progress) {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> pending =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      while (true) {
        try {
          response = pending.get(TICK.toMillis(), TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          if (progress != null) {
            progress.accept(Duration.ofNanos(System.nanoTime() - start));
          }
        }
      }
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw AdminRequestException.failed(describe(request) + ": interrupted", e);
    } catch (ExecutionException e) {
      throw unanswered(request, wait, e.getCause() == null ? e : e.getCause());
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw AdminRequestException.http(status, describe(request) + ": " + errorText(response));
    }
    return response;
  }

  private AdminRequestException unanswered(HttpRequest request, Duration wait, Throwable cause) {
    String server = "the admin server at " + base;
    if (cause instanceof HttpConnectTimeoutException) {
      return AdminRequestException.failed(
          server + " is unreachable: no connection within " + HumanDuration.format(wait), cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return AdminRequestException.failed(
          describe(request)
              + ": "
              + server
              + " did not answer within "
              + HumanDuration.format(wait)
              + " (--timeout)",
          cause);
    }
    if (cause instanceof ConnectException) {
      String detail = cause.getMessage() == null ? "connection refused" : cause.getMessage();
      return AdminRequestException.failed(
          server + " is unreachable: " + detail.toLowerCase(Locale.ROOT) + "; is it running"
              + " (mesh_admin_enabled) and is --admin or " + AdminOptions.URL_ENV + " right?",
          cause);
    }
    return AdminRequestException.failed(
        describe(request) + ": " + server + " could not be asked: " + cause, cause);
  }

  /** The server's error message, else the status line and what the body starts with. */
  private String errorText(HttpResponse<byte[]> response) {
    String reason = "HTTP " + response.statusCode();
    String body = new String(response.body(), UTF_8).strip();
    try {
      JsonNode message = mapper.readTree(body).path("error").path("message");
      if (message.isTextual()) {
        return reason + ": " + message.asText() + authorizationHint(response.statusCode());
      }
    } catch (IOException e) {
      // Not the documented error shape (a proxy's page, say): show its start instead.
    }
    String start = body.length() > 200 ? body.substring(0, 200) + "..." : body;
    return reason
        + (start.isEmpty() ? "" : ": " + start.replace('\n', ' '))
        + authorizationHint(response.statusCode());
  }

  private String authorizationHint(int status) {
    if (status == 401) {
      return token.isEmpty()
          ? "; give the token with --token or " + AdminOptions.TOKEN_ENV
          : "; the token from --token or " + AdminOptions.TOKEN_ENV + " was refused";
    }
    return "";
  }

  private static String describe(HttpRequest request) {
    String query = request.uri().getRawQuery();
    return request.method() + " " + request.uri().getRawPath() + (query == null ? "" : "?" + query);
  }

  @Override
  public void close() {
    http.close();
  }
}
