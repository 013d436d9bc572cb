package io.hyperactor.internal.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;

/**
 * Who may use the admin API: "read-only unless authorized", from {@code mesh_admin_token}.
 *
 * <p>Without a token every read is served and privileged operations are refused (403). With one,
 * every {@code /v1} request must carry it, as {@code Authorization: Bearer <token>} or as the query
 * parameter {@code token} (an {@code EventSource} cannot set headers); otherwise 401. Tokens are
 * compared in constant time. The dashboard's files need no token.
 */
final class AdminAuth {
  private static final String BEARER = "Bearer ";

  private final byte[] token;

  AdminAuth(String token) {
    this.token = token.getBytes(UTF_8);
  }

  /**
   * Checks {@code request} for a route of {@code kind}.
   *
   * @throws AdminException 401 for a missing or wrong token, 403 for a privileged operation while
   *     no token is configured
   */
  void check(AdminRequest request, Router.Kind kind, String what) throws AdminException {
    if (kind == Router.Kind.PUBLIC) {
      return;
    }
    if (token.length == 0) {
      if (kind == Router.Kind.PRIVILEGED) {
        throw new AdminException(
            403,
            what
                + " is a privileged operation: it is refused unless the server is configured with"
                + " mesh_admin_token");
      }
      return;
    }
    String given = null;
    String header = request.authorization();
    if (header != null && header.startsWith(BEARER)) {
      given = header.substring(BEARER.length()).trim();
    } else if (request.queryParam("token").isPresent()) {
      given = request.queryParam("token").get();
    }
    if (given == null) {
      throw new AdminException(
          401,
          "this admin server needs its token (mesh_admin_token): send 'Authorization: Bearer"
              + " <token>' or the query parameter token=<token>");
    }
    if (!MessageDigest.isEqual(token, given.getBytes(UTF_8))) {
      throw new AdminException(401, "wrong admin token (mesh_admin_token)");
    }
  }
}
