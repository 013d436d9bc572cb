package io.hyperactor.cli;

import org.jspecify.annotations.Nullable;

/**
 * A request to the mesh admin server that did not get the answer asked for: the server could not
 * be reached, did not answer in time, or answered with an error. The message says which, with the
 * server's own error message when it gave one; {@link #exitCode()} is the command's exit code.
 */
final class AdminRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private AdminRequestException(String message, int exitCode, @Nullable Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The server was not reached or its answer could not be read: exit code 1. */
  static AdminRequestException failed(String message, Throwable cause) {
    return new AdminRequestException(message, HyperactorCli.EXIT_FAILURE, cause);
  }

  /** The server answered with HTTP {@code status}: exit code 4 for 401 and 403, else 1. */
  static AdminRequestException http(int status, String message) {
    int code =
        status == 401 || status == 403 ? HyperactorCli.EXIT_UNAUTHORIZED : HyperactorCli.EXIT_FAILURE;
    return new AdminRequestException(message, code, null);
  }

  int exitCode() {
    return exitCode;
  }
}
