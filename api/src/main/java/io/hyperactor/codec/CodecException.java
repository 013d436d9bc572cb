package io.hyperactor.codec;

/**
 * A value that cannot be encoded or bytes that cannot be decoded; the message names the type and
 * the problem.
 */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
