package io.hyperactor.transport.grpc;

/**
 * TLS was selected but a certificate, key or certificate authority named by the {@code tls_*} keys
 * is missing or unreadable; the message names the key and what is wrong with it.
 */
final class TlsMaterialException extends RuntimeException {
  TlsMaterialException(String message) {
    super(message);
  }

  TlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
