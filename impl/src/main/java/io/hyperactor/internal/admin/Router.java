package io.hyperactor.internal.admin;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin server's routes: a method and a path pattern ({@code /v1/procs/{procId}/threads}) per
 * handler, matched segment by segment against the decoded path.
 *
 * <p>A pattern segment in braces matches any one segment and binds it as a path parameter; a
 * pattern ending in {@code {name...}} binds the rest of the path. No match is a 404; a path that
 * matches with another method is a 405 naming the allowed ones. Not thread-safe while routes are
 * added; read-only afterwards.
 */
final class Router {

  /** Handles one request. */
  @FunctionalInterface
  interface Handler {
    AdminResponse handle(AdminRequest request) throws AdminException, InterruptedException;
  }

  /** How a route is served. */
  enum Kind {
    /** Needs no token and holds no data: the dashboard's files. */
    PUBLIC,
    /** API data: needs the token when one is configured. */
    API,
    /** API data resolved by asking the mesh: counts against the concurrent-resolve limit. */
    RESOLVE,
    /**
     * An operation with a cost (profiling): refused (403) while no token is configured, else like
     * {@link #RESOLVE}.
     */
    PRIVILEGED
  }

  record Route(String method, ImmutableList<String> pattern, Kind kind, Handler handler) {}

  /** A matched route with its path parameters. */
  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route for {@code method} on {@code pattern}. */
  Router add(String method, String pattern, Kind kind, Handler handler) {
    checkNotNull(method, "method");
    checkNotNull(kind, "kind");
    checkNotNull(handler, "handler");
    checkArgument(pattern.startsWith("/"), "a route pattern starts with '/': %s", pattern);
    routes.add(new Route(method, segments(pattern), kind, handler));
    return this;
  }

  /** Shorthand for a {@code GET} route. */
  Router get(String pattern, Kind kind, Handler handler) {
    return add("GET", pattern, kind, handler);
  }

  /**
   * The route for {@code method} on the decoded path {@code segments}.
   *
   * @throws AdminException 404 when no route has the path, 405 when none has it with this method
   */
  Match route(String method, List<String> segments, String rawPath) throws AdminException {
    ImmutableSortedSet.Builder<String> allowed = ImmutableSortedSet.naturalOrder();
    for (Route route : routes) {
      Optional<Map<String, String>> params = match(route.pattern(), segments);
      if (params.isEmpty()) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Match(route, params.get());
      }
      allowed.add(route.method());
    }
    ImmutableSortedSet<String> methods = allowed.build();
    if (!methods.isEmpty()) {
      throw new AdminException(
          405, "method " + method + " is not allowed on " + rawPath + "; allowed: " + methods);
    }
    throw AdminException.notFound("no such path: " + rawPath);
  }

  private static Optional<Map<String, String>> match(
      ImmutableList<String> pattern, List<String> segments) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      if (p.startsWith("{") && p.endsWith("...}")) {
        if (i >= segments.size()) {
          return Optional.empty();
        }
        params.put(p.substring(1, p.length() - 4), String.join("/", segments.subList(i, segments.size())));
        return Optional.of(params);
      }
      if (i >= segments.size()) {
        return Optional.empty();
      }
      String s = segments.get(i);
      if (p.startsWith("{") && p.endsWith("}")) {
        if (s.isEmpty()) {
          return Optional.empty();
        }
        params.put(p.substring(1, p.length() - 1), s);
      } else if (!p.equals(s)) {
        return Optional.empty();
      }
    }
    return pattern.size() == segments.size() ? Optional.of(params) : Optional.empty();
  }

  /** The segments of a path: {@code /} is none, {@code /a/b} is {@code [a, b]}. */
  static ImmutableList<String> segments(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.isEmpty()) {
      return ImmutableList.of();
    }
    return ImmutableList.copyOf(trimmed.split("/", -1));
  }
}
