package io.hyperactor.internal.admin;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.runtime.ActorSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh admin server: the JDK's {@link HttpServer} with the admin routes, answering on virtual
 * threads of an executor it owns.
 *
 * <p>Each request is routed ({@link Router}), authorized ({@link AdminAuth}), counted against
 * {@code mesh_admin_max_concurrent_resolves} when it asks the mesh (503 beyond it), and answered
 * with its route's JSON, bytes or event stream; an {@link AdminException} becomes its status and
 * an error body, anything else a 500 that is logged. {@link #close()} ends the event streams,
 * stops the HTTP server, the executor's threads and the server's client instance.
 */
public final class AdminHttpServer implements MeshAdmin {
  private static final Logger log = LoggerFactory.getLogger(AdminHttpServer.class);
  /** Events a stream subscriber may fall behind before it is dropped. */
  private static final int EVENT_BUFFER = 1024;
  private static final Duration KEEPALIVE = Duration.ofSeconds(15);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ClientInstance client;
  private final AutoCloseable subscription;
  private final SupervisionStream events;
  private final Router router;
  private final AdminAuth auth;
  private final @Nullable Semaphore resolves;
  private final long maxResolves;
  private final ObjectMapper json;
  private final URI uri;
  private final Object lock = new Object();
  private boolean closed;

  private AdminHttpServer(
      HttpServer server,
      ExecutorService executor,
      ClientInstance client,
      AutoCloseable subscription,
      SupervisionStream events,
      Router router,
      AdminAuth auth,
      long maxResolves,
      ObjectMapper json) {
    this.server = server;
    this.executor = executor;
    this.client = client;
    this.subscription = subscription;
    this.events = events;
    this.router = router;
    this.auth = auth;
    this.maxResolves = maxResolves;
    this.resolves =
        maxResolves == 0 ? null : new Semaphore((int) Math.min(Integer.MAX_VALUE, maxResolves));
    this.json = json;
    this.uri = uriOf(server.getAddress());
  }

  /**
   * Starts the admin server of {@code system}, bound to {@code mesh_admin_addr}, asking the mesh
   * from a client instance on {@code proc} and showing the hosts {@code hosts} lists at each
   * request.
   *
   * @throws IllegalArgumentException when {@code mesh_admin_addr} cannot be bound
   */
  public static AdminHttpServer start(
      ActorSystem system, Proc proc, Supplier<List<HostRef>> hosts) {
    checkNotNull(system, "system");
    checkNotNull(proc, "proc");
    checkNotNull(hosts, "hosts");
    HyperactorConfig config = system.config();
    InetSocketAddress bind = bindAddress(config.get(HyperactorAttrs.MESH_ADMIN_ADDR));
    ObjectMapper json = JsonMapper.builder().build();
    ExecutorService executor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("hyperactor-mesh-admin-", 0).factory());
    ClientInstance client = proc.instance("mesh_admin");
    SupervisionStream events = new SupervisionStream(json, EVENT_BUFFER, KEEPALIVE);
    AutoCloseable subscription = system.subscribeMeshFailures(events::publish);
    HttpServer server;
    try {
      server = HttpServer.create(bind, 0);
    } catch (IOException e) {
      closeQuietly(subscription);
      client.close();
      executor.shutdownNow();
      throw new IllegalArgumentException(
          "mesh admin server cannot bind mesh_admin_addr " + bind + ": " + e.getMessage(), e);
    }
    MeshIntrospector mesh =
        new MeshIntrospector(client, hosts, AdminTimeouts.from(config), json);
    Router router = new Router();
    new StaticRoutes(AdminHttpServer.class.getClassLoader()).register(router);
    new TreeRoutes(mesh, executor).register(router);
    new ProcRoutes(mesh, system, client).register(router);
    events.register(router);
    AdminHttpServer admin =
        new AdminHttpServer(
            server,
            executor,
            client,
            subscription,
            events,
            router,
            new AdminAuth(config.get(HyperactorAttrs.MESH_ADMIN_TOKEN)),
            config.get(HyperactorAttrs.MESH_ADMIN_MAX_CONCURRENT_RESOLVES),
            json);
    // A question to a host or proc that is gone comes back undeliverable; its asker already
    // waits out its timeout and reports the node as unreachable, so the return is only noted,
    // not logged as an error on every poll of the dashboard.
    PortReceiver<Undeliverable> returned = client.undeliverables();
    executor.execute(() -> drainReturns(returned));
    server.createContext("/", admin::exchange);
    server.setExecutor(executor);
    server.start();
    log.info("mesh admin serving at {}", admin.uri());
    return admin;
  }

  private static void drainReturns(PortReceiver<Undeliverable> returned) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Undeliverable u = returned.recv(Duration.ofSeconds(1));
          log.debug("mesh admin: a question came back undeliverable: {}", u);
        } catch (TimeoutException e) {
          // Nothing returned; keep waiting until the server's executor stops.
        }
      }
    } catch (InterruptedException e) {
      // The server is closing.
    } finally {
      returned.close();
    }
  }

  /** Parses {@code host:port} or {@code [v6]:port}. */
  static InetSocketAddress bindAddress(String text) {
    int colon = text.lastIndexOf(':');
    checkArgument(colon > 0, "mesh_admin_addr '%s' is not host:port", text);
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("mesh_admin_addr '" + text + "' has no port number", e);
    }
    return new InetSocketAddress(host, port);
  }

  private static URI uriOf(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host =
        ip == null || ip.isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress().getHostAddress()
            : ip.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  /** The stream of supervision events, for tests that count subscribers. */
  SupervisionStream events() {
    return events;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void exchange(HttpExchange exchange) {
    try (exchange) {
      try {
        respond(exchange, answer(exchange));
      } catch (AdminException e) {
        error(exchange, e.status(), e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error(exchange, 503, "the admin server is closing");
      } catch (RuntimeException e) {
        log.warn("mesh admin: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        error(exchange, 500, "internal error: " + e);
      }
    } catch (IOException e) {
      log.debug("mesh admin: client of {} went away: {}", exchange.getRequestURI(), e.toString());
    }
  }

  private AdminResponse answer(HttpExchange exchange)
      throws AdminException, InterruptedException {
    String rawPath = exchange.getRequestURI().getRawPath();
    AdminRequest request =
        new AdminRequest(
            exchange.getRequestMethod(),
            rawPath,
            ImmutableMap.of(),
            query(exchange.getRequestURI().getRawQuery()),
            exchange.getRequestHeaders().getFirst("Authorization"));
    Router.Match match = router.route(request.method(), segments(rawPath), rawPath);
    Router.Kind kind = match.route().kind();
    auth.check(request, kind, request.method() + " " + rawPath);
    request = request.withPathParams(match.params());
    if ((kind == Router.Kind.RESOLVE || kind == Router.Kind.PRIVILEGED) && resolves != null) {
      if (!resolves.tryAcquire()) {
        throw new AdminException(
            503,
            "more than "
                + maxResolves
                + " resolves in flight (mesh_admin_max_concurrent_resolves); retry later");
      }
      try {
        return match.route().handler().handle(request);
      } finally {
        resolves.release();
      }
    }
    return match.route().handler().handle(request);
  }

  private static List<String> segments(String rawPath) throws AdminException {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (String raw : Router.segments(rawPath)) {
      out.add(decode(raw, "path segment"));
    }
    return out.build();
  }

  private static ImmutableMap<String, String> query(@Nullable String raw) throws AdminException {
    if (raw == null || raw.isEmpty()) {
      return ImmutableMap.of();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query parameter");
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "query parameter " + name);
      params.putIfAbsent(name, value);
    }
    return ImmutableMap.copyOf(params);
  }

  private static String decode(String raw, String what) throws AdminException {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest(
          "malformed percent-encoding in " + what + " '" + raw + "': " + e.getMessage());
    }
  }

  private void respond(HttpExchange exchange, AdminResponse response)
      throws IOException, AdminException {
    switch (response) {
      case AdminResponse.Json j -> send(exchange, 200, "application/json", json.writeValueAsBytes(j.body()));
      case AdminResponse.Bytes b -> {
        b.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        send(exchange, 200, b.contentType(), b.body());
      }
      case AdminResponse.Stream s -> {
        exchange.getResponseHeaders().set("Content-Type", s.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          s.writer().write(out);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void error(HttpExchange exchange, int status, String message) {
    try {
      byte[] body =
          json.writeValueAsBytes(new AdminJson.ErrorBody(new AdminJson.Error(status, message)));
      send(exchange, status, "application/json", body);
    } catch (IOException e) {
      log.debug("mesh admin: cannot send error {} to {}: {}", status, exchange.getRequestURI(), e.toString());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closeQuietly(subscription);
    events.close();
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("mesh admin: request threads did not end within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    log.info("mesh admin at {} stopped", uri);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot unsubscribe the mesh admin's event stream", e);
    }
  }
}
