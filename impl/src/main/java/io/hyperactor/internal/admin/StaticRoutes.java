package io.hyperactor.internal.admin;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The routes that serve files from the class path: {@code GET /} (the dashboard's {@code
 * index.html}), {@code GET /dashboard/{file}} (the dashboard's other files) and {@code GET
 * /v1/schema} (the JSON schema of every answer).
 *
 * <p>Dashboard files come from the class-path folder {@value #DASHBOARD}; a name is served only
 * when each of its segments is plain ({@code [A-Za-z0-9._-]}, not {@code .} or {@code ..}) and its
 * extension has a known content type, so nothing outside that folder can be reached.
 */
final class StaticRoutes {
  static final String DASHBOARD = "io/hyperactor/admin/dashboard/";
  static final String SCHEMA = "io/hyperactor/admin/mesh-admin.schema.json";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final ImmutableMap<String, String> CONTENT_TYPES =
      ImmutableMap.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png");

  private final ClassLoader loader;

  StaticRoutes(ClassLoader loader) {
    this.loader = loader;
  }

  void register(Router router) {
    router.get("/", Router.Kind.PUBLIC, r -> file("index.html"));
    router.get("/dashboard/{file...}", Router.Kind.PUBLIC, r -> file(r.param("file")));
    router.get("/v1/schema", Router.Kind.API, r -> schema());
  }

  private AdminResponse schema() throws AdminException {
    byte[] body = read(SCHEMA);
    if (body == null) {
      throw new AdminException(500, "the schema " + SCHEMA + " is missing from the class path");
    }
    return new AdminResponse.Bytes("application/schema+json", body);
  }

  private AdminResponse file(String name) throws AdminException {
    String type = null;
    boolean plain = true;
    for (String segment : name.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        plain = false;
      }
    }
    int dot = name.lastIndexOf('.');
    if (dot >= 0) {
      type = CONTENT_TYPES.get(name.substring(dot + 1));
    }
    byte[] body = plain && type != null ? read(DASHBOARD + name) : null;
    if (body == null || type == null) {
      throw AdminException.notFound("no dashboard file '" + name + "'");
    }
    return new AdminResponse.Bytes(type, body);
  }

  private byte @Nullable [] read(String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
