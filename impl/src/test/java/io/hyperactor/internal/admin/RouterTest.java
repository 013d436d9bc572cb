package io.hyperactor.internal.admin;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final Router.Handler NONE = r -> new AdminResponse.Bytes("text/plain", new byte[0]);

  private static Router router() {
    return new Router()
        .get("/v1/tree", Router.Kind.RESOLVE, NONE)
        .get("/v1/procs/{procId}/threads", Router.Kind.RESOLVE, NONE)
        .add("POST", "/v1/procs/{procId}/profile", Router.Kind.PRIVILEGED, NONE)
        .get("/dashboard/{file...}", Router.Kind.PUBLIC, NONE);
  }

  private static Router.Match route(String method, String path) throws AdminException {
    return router().route(method, Router.segments(path), path);
  }

  @Test
  void bindsPathParametersOfTheMatchingRoute() throws AdminException {
    Router.Match match = route("GET", "/v1/procs/local:1,p0/threads");
    assertThat(match.route().pattern())
        .containsExactly("v1", "procs", "{procId}", "threads")
        .inOrder();
    assertThat(match.params()).containsExactly("procId", "local:1,p0");
    assertThat(route("POST", "/v1/procs/x/profile").route().kind())
        .isEqualTo(Router.Kind.PRIVILEGED);
  }

  @Test
  void aTrailingParameterTakesTheRestOfThePath() throws AdminException {
    assertThat(route("GET", "/dashboard/img/logo.svg").params())
        .containsExactly("file", "img/logo.svg");
  }

  @Test
  void unknownPathIsNotFoundAndKnownPathWithAnotherMethodIsNotAllowed() {
    AdminException missing = assertThrows(AdminException.class, () -> route("GET", "/v1/trees"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing).hasMessageThat().contains("/v1/trees");
    AdminException wrong = assertThrows(AdminException.class, () -> route("GET", "/v1/procs/x/profile"));
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong).hasMessageThat().contains("[POST]");
    // A parameter never matches an empty segment.
    assertThat(assertThrows(AdminException.class, () -> route("GET", "/v1/procs//threads")).status())
        .isEqualTo(404);
  }

  @Test
  void segmentsOfRootAndNestedPaths() {
    assertThat(Router.segments("/")).isEmpty();
    assertThat(Router.segments("/a/b")).isEqualTo(ImmutableList.of("a", "b"));
  }
}
