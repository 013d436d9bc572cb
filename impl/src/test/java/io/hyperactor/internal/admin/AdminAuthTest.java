package io.hyperactor.internal.admin;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AdminAuthTest {

  private static AdminRequest request(@Nullable String authorization, ImmutableMap<String, String> query) {
    return new AdminRequest("GET", "/v1/tree", ImmutableMap.of(), query, authorization);
  }

  @Test
  void withoutATokenReadsAreServedAndPrivilegedOperationsForbidden() throws AdminException {
    AdminAuth auth = new AdminAuth("");
    auth.check(request(null, ImmutableMap.of()), Router.Kind.RESOLVE, "GET /v1/tree");
    auth.check(request(null, ImmutableMap.of()), Router.Kind.API, "GET /v1/schema");
    AdminException forbidden =
        assertThrows(
            AdminException.class,
            () ->
                auth.check(
                    request(null, ImmutableMap.of()),
                    Router.Kind.PRIVILEGED,
                    "POST /v1/procs/p/profile"));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden).hasMessageThat().contains("mesh_admin_token");
    assertThat(forbidden).hasMessageThat().contains("POST /v1/procs/p/profile");
  }

  @Test
  void withATokenEveryApiRequestNeedsItAsBearerOrQueryParameter() throws AdminException {
    AdminAuth auth = new AdminAuth("s3cret");
    for (Router.Kind kind : new Router.Kind[] {Router.Kind.API, Router.Kind.RESOLVE, Router.Kind.PRIVILEGED}) {
      AdminException missing =
          assertThrows(
              AdminException.class, () -> auth.check(request(null, ImmutableMap.of()), kind, "x"));
      assertThat(missing.status()).isEqualTo(401);
      AdminException wrong =
          assertThrows(
              AdminException.class,
              () -> auth.check(request("Bearer s3cre", ImmutableMap.of()), kind, "x"));
      assertThat(wrong.status()).isEqualTo(401);
      AdminException wrongQuery =
          assertThrows(
              AdminException.class,
              () -> auth.check(request(null, ImmutableMap.of("token", "s3cret2")), kind, "x"));
      assertThat(wrongQuery.status()).isEqualTo(401);
      auth.check(request("Bearer s3cret", ImmutableMap.of()), kind, "x");
      auth.check(request(null, ImmutableMap.of("token", "s3cret")), kind, "x");
    }
    // The dashboard's files hold no data.
    auth.check(request(null, ImmutableMap.of()), Router.Kind.PUBLIC, "GET /");
  }
}
