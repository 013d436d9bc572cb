package io.hyperactor.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/** The kinds of channel a proc can serve or dial. */
public enum ChannelTransport {
  /** In-JVM channels; never leave the process. */
  LOCAL("local"),
  /** gRPC over TCP. */
  TCP("tcp"),
  /** gRPC over a Unix domain socket. */
  UNIX("unix"),
  /**
   * gRPC over TCP with mutual TLS: both sides present a certificate signed by the configured
   * certificate authority ({@code tls_cert}, {@code tls_key}, {@code tls_ca}).
   */
  TLS("tls");

  private final String text;

  ChannelTransport(String text) {
    this.text = text;
  }

  /** True for transports that can cross machines. */
  public boolean isRemote() {
    return this == TCP || this == TLS;
  }

  /** True for transports whose links carry messages both ways; every transport but local. */
  public boolean supportsDuplex() {
    return this != LOCAL;
  }

  /** The transports tests iterate over: every value, in declaration order, as an immutable list. */
  public static List<ChannelTransport> all() {
    return List.of(values());
  }

  /**
   * Parses a transport name ({@code local}, {@code tcp}, {@code unix}, {@code tls}).
   *
   * @throws IllegalArgumentException naming the input when it is not a transport
   */
  public static ChannelTransport parse(String text) {
    checkNotNull(text, "text");
    for (ChannelTransport t : values()) {
      if (t.text.equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown channel transport: " + text);
  }

  @Override
  public String toString() {
    return text;
  }
}
