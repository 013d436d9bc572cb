package io.hyperactor.internal.admin;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A request the admin server answers with an error status and message instead of a result.
 *
 * <p>The message is sent to the client as is, so it names the thing and the problem ("no proc 'x'
 * is known to this admin server").
 */
final class AdminException extends Exception {
  private final int status;

  AdminException(int status, String message) {
    super(message);
    checkArgument(status >= 400 && status < 600, "not an error status: %s", status);
    this.status = status;
  }

  int status() {
    return status;
  }

  static AdminException badRequest(String message) {
    return new AdminException(400, message);
  }

  static AdminException notFound(String message) {
    return new AdminException(404, message);
  }

  static AdminException timedOut(String message) {
    return new AdminException(504, message);
  }
}
