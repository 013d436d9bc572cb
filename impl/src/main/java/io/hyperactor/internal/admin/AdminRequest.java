package io.hyperactor.internal.admin;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request as a route sees it: its method, its path parameters (decoded), its query parameters
 * (decoded; the first value of a repeated one) and its {@code Authorization} header.
 */
record AdminRequest(
    String method,
    String path,
    ImmutableMap<String, String> pathParams,
    ImmutableMap<String, String> query,
    @Nullable String authorization) {

  /** The path parameter {@code name}, which the matched route's pattern declares. */
  String param(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route pattern of " + path + " has no parameter " + name);
    }
    return value;
  }

  /** The query parameter {@code name}, if given. */
  Optional<String> queryParam(String name) {
    return Optional.ofNullable(query.get(name));
  }

  AdminRequest withPathParams(Map<String, String> params) {
    return new AdminRequest(method, path, ImmutableMap.copyOf(params), query, authorization);
  }
}
