package io.hyperactor.internal.admin;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.OutputStream;

/** What a route answers: a JSON value, raw bytes, or a stream written until it ends. */
sealed interface AdminResponse {

  /** A JSON body written from {@code body} (a record of {@link AdminJson}) with status 200. */
  record Json(Object body) implements AdminResponse {}

  /** Raw bytes with their content type and extra headers, status 200. */
  record Bytes(String contentType, byte[] body, ImmutableMap<String, String> headers)
      implements AdminResponse {
    Bytes(String contentType, byte[] body) {
      this(contentType, body, ImmutableMap.of());
    }
  }

  /**
   * A streamed body of unknown length ({@code text/event-stream}): the server sends the headers,
   * then {@code writer} writes until the stream ends or the client goes away.
   */
  record Stream(String contentType, StreamWriter writer) implements AdminResponse {}

  /** Writes a streamed body. */
  @FunctionalInterface
  interface StreamWriter {
    void write(OutputStream out) throws IOException, InterruptedException;
  }
}
