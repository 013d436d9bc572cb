package io.hyperactor.channel;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;

/**
 * The address of a channel: a transport and where on it.
 *
 * <p>The canonical string form is {@code <transport>:<rest>}; the separator may also be {@code !}
 * (the first {@code !} wins when present), so {@code tcp!127.0.0.1:1} equals {@code
 * tcp:127.0.0.1:1}. {@link #parse} and {@code toString()} round-trip:
 *
 * <pre>{@code
 * ChannelAddr.parse("local:7")              // Local[id=7]
 * ChannelAddr.parse("tcp:127.0.0.1:8080")  // a TCP socket address; IPv6 is bracketed: tcp:[::1]:80
 * ChannelAddr.parse("unix:/run/x.sock")    // a filesystem socket
 * ChannelAddr.parse("unix:@name")          // a Linux abstract socket
 * ChannelAddr.parse("unix:")               // a fresh, random abstract socket name
 * ChannelAddr.parse("tls:host-0.hosts:26600") // mutual TLS to a DNS name (or an IP, [v6] bracketed)
 * }</pre>
 *
 * <p>{@link #any} gives the address to serve for "bind anything of this transport"; serving it
 * binds a fresh port or socket, and the {@code Rx} reports the address actually bound.
 *
 * <p>Values are immutable and thread-safe.
 */
public sealed interface ChannelAddr
    permits ChannelAddr.Local, ChannelAddr.Tcp, ChannelAddr.Unix, ChannelAddr.Tls {

  /** The transport this address belongs to. */
  ChannelTransport transport();

  /**
   * The address to serve to bind anything of {@code transport}: {@code local:0}; TCP port 0 on this
   * machine's hostname address (its first address that is not link-local, falling back to the
   * loopback address); TLS port 0 on this machine's hostname (a name, so that certificates can
   * name it); or a fresh random abstract Unix socket.
   */
  static ChannelAddr any(ChannelTransport transport) {
    checkNotNull(transport, "transport");
    return switch (transport) {
      case LOCAL -> new Local(0);
      case TCP -> Tcp.of(Tcp.hostAddress(), 0);
      case UNIX -> Unix.randomAbstract();
      case TLS -> Tls.of(Tls.hostName(), 0);
    };
  }

  /**
   * Like {@link #any}, but TCP binds the loopback address and TLS the name {@code localhost}, so
   * the channel is reachable only from this machine.
   */
  static ChannelAddr anyLocalhost(ChannelTransport transport) {
    checkNotNull(transport, "transport");
    return switch (transport) {
      case TCP -> Tcp.of(InetAddress.getLoopbackAddress(), 0);
      case TLS -> Tls.of("localhost", 0);
      default -> any(transport);
    };
  }

  /**
   * Parses the canonical string form.
   *
   * @throws IllegalArgumentException naming the input and the problem when it is malformed
   */
  static ChannelAddr parse(String text) {
    checkNotNull(text, "text");
    int bang = text.indexOf('!');
    int sep = bang >= 0 ? bang : text.indexOf(':');
    if (sep < 0) {
      throw new IllegalArgumentException(
          "invalid channel address '" + text + "': no channel type specified");
    }
    String type = text.substring(0, sep);
    String rest = text.substring(sep + 1);
    try {
      return switch (type) {
        case "local" -> Local.parseRest(rest);
        case "tcp" -> Tcp.parseRest(rest);
        case "unix" -> Unix.parseRest(rest);
        case "tls" -> Tls.parseRest(rest);
        default -> throw new IllegalArgumentException("no such channel type: " + type);
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid channel address '" + text + "': " + e.getMessage(), e);
    }
  }

  /**
   * Parses the string form like {@link #parse}, except that a TCP address may name its host, as
   * {@code tcp:hyperactor-host-0.hyperactor-hosts:26600}: the name is resolved now, and the address
   * holds the first IP address it resolves to. Meant for addresses an operator writes, such as
   * the hosts a client attaches to by their DNS names; ids on the wire always hold IP addresses.
   *
   * @throws IllegalArgumentException naming the input and the problem when it is malformed or its
   *     host name does not resolve
   */
  static ChannelAddr resolve(String text) {
    checkNotNull(text, "text");
    int bang = text.indexOf('!');
    int sep = bang >= 0 ? bang : text.indexOf(':');
    if (sep < 0 || !text.substring(0, sep).equals("tcp")) {
      return parse(text);
    }
    String rest = text.substring(sep + 1);
    HostAndPort hostAndPort;
    try {
      hostAndPort = HostAndPort.fromString(rest);
    } catch (IllegalArgumentException e) {
      return parse(text);
    }
    if (!hostAndPort.hasPort() || InetAddresses.isInetAddress(hostAndPort.getHost())) {
      return parse(text);
    }
    try {
      return Tcp.of(InetAddress.getByName(hostAndPort.getHost()), hostAndPort.getPort());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "invalid channel address '"
              + text
              + "': host name "
              + hostAndPort.getHost()
              + " does not resolve",
          e);
    }
  }

  /**
   * An in-JVM channel, identified by a number; {@code local:0} asks {@code serve} for a fresh one.
   */
  record Local(long id) implements ChannelAddr {
    public Local {
      checkArgument(id >= 0, "local channel id must be >= 0, got %s", id);
    }

    static Local parseRest(String rest) {
      try {
        return new Local(Long.parseUnsignedLong(rest));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid local channel id '" + rest + "'", e);
      }
    }

    @Override
    public ChannelTransport transport() {
      return ChannelTransport.LOCAL;
    }

    @Override
    public String toString() {
      return "local:" + Long.toUnsignedString(id);
    }
  }

  /**
   * A TCP socket address given as a literal IP address and port; port 0 asks {@code serve} to bind
   * a fresh port.
   */
  record Tcp(InetSocketAddress address) implements ChannelAddr {
    public Tcp {
      checkNotNull(address, "address");
      checkArgument(!address.isUnresolved(), "tcp address must be resolved, got %s", address);
    }

    /** The TCP address {@code ip:port}. */
    public static Tcp of(InetAddress ip, int port) {
      return new Tcp(new InetSocketAddress(ip, port));
    }

    /** True when this address asks {@code serve} for a fresh port. */
    public boolean isAnyPort() {
      return address.getPort() == 0;
    }

    static InetAddress hostAddress() {
      try {
        String hostname = InetAddress.getLocalHost().getHostName();
        for (InetAddress candidate : InetAddress.getAllByName(hostname)) {
          if (!candidate.isLinkLocalAddress()
              && (candidate instanceof Inet4Address || candidate instanceof Inet6Address)) {
            return candidate;
          }
        }
      } catch (UnknownHostException e) {
        // Fall through: a host without a resolvable name still has a loopback address.
      }
      return InetAddress.getLoopbackAddress();
    }

    static Tcp parseRest(String rest) {
      HostAndPort hostAndPort;
      try {
        hostAndPort = HostAndPort.fromString(rest);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid socket address syntax '" + rest + "'", e);
      }
      if (!hostAndPort.hasPort() || !InetAddresses.isInetAddress(hostAndPort.getHost())) {
        throw new IllegalArgumentException(
            "invalid socket address syntax '" + rest + "' (expected ip:port, IPv6 in brackets)");
      }
      return of(InetAddresses.forString(hostAndPort.getHost()), hostAndPort.getPort());
    }

    @Override
    public ChannelTransport transport() {
      return ChannelTransport.TCP;
    }

    @Override
    public String toString() {
      return "tcp:"
          + HostAndPort.fromParts(
              InetAddresses.toAddrString(address.getAddress()), address.getPort());
    }
  }

  /**
   * A Unix domain socket: a filesystem path, or (when {@code abstractName} is set) a Linux abstract
   * socket name written {@code unix:@name}.
   */
  record Unix(String name, boolean abstractName) implements ChannelAddr {
    public Unix {
      checkNotNull(name, "name");
      checkArgument(!name.isEmpty(), "unix socket name must not be empty");
    }

    /** A socket at a filesystem path. */
    public static Unix path(String path) {
      return new Unix(path, false);
    }

    /** A Linux abstract socket. */
    public static Unix abstractSocket(String name) {
      return new Unix(name, true);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** A fresh abstract socket with a random 24-character alphanumeric name. */
    public static Unix randomAbstract() {
      StringBuilder name = new StringBuilder(24);
      for (int i = 0; i < 24; i++) {
        name.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
      }
      return abstractSocket(name.toString());
    }

    static Unix parseRest(String rest) {
      if (rest.isEmpty()) {
        return randomAbstract();
      }
      if (rest.startsWith("@")) {
        checkArgument(rest.length() > 1, "abstract unix socket name must not be empty");
        return abstractSocket(rest.substring(1));
      }
      return path(rest);
    }

    @Override
    public ChannelTransport transport() {
      return ChannelTransport.UNIX;
    }

    @Override
    public String toString() {
      return "unix:" + (abstractName ? "@" : "") + name;
    }
  }

  /**
   * A mutual-TLS socket address: a DNS hostname or a literal IP address, and a port; port 0 asks
   * {@code serve} to bind a fresh port.
   *
   * <p>The host is kept as written (IP literals in their canonical form), because the dialing side
   * checks that the server's certificate names it: a hostname must appear among the certificate's
   * DNS subject alternative names, an IP address among its IP ones. A hostname is resolved each
   * time a connection is made, so a peer that moves to a new IP under the same name is found
   * again.
   */
  record Tls(String host, int port) implements ChannelAddr {
    public Tls {
      checkNotNull(host, "host");
      checkArgument(!host.isEmpty(), "tls host must not be empty");
      checkArgument(
          InetAddresses.isInetAddress(host) || isHostName(host),
          "tls host '%s' is neither an IP address nor a hostname (letters, digits, '-' and '.')",
          host);
      checkArgument(port >= 0 && port <= 65535, "tls port must be in 0..65535, got %s", port);
      if (InetAddresses.isInetAddress(host)) {
        host = InetAddresses.toAddrString(InetAddresses.forString(host));
      }
    }

    /** The TLS address {@code host:port}; {@code host} is a hostname or an IP literal. */
    public static Tls of(String host, int port) {
      return new Tls(host, port);
    }

    /** True when this address asks {@code serve} for a fresh port. */
    public boolean isAnyPort() {
      return port == 0;
    }

    private static boolean isHostName(String host) {
      if (host.length() > 253 || host.startsWith(".") || host.startsWith("-")) {
        return false;
      }
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.';
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    /** This machine's hostname, or {@code localhost} when it has none that resolves. */
    static String hostName() {
      try {
        String name = InetAddress.getLocalHost().getHostName();
        return InetAddresses.isInetAddress(name) || isHostName(name) ? name : "localhost";
      } catch (UnknownHostException e) {
        return "localhost";
      }
    }

    static Tls parseRest(String rest) {
      HostAndPort hostAndPort;
      try {
        hostAndPort = HostAndPort.fromString(rest);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid socket address syntax '" + rest + "'", e);
      }
      if (!hostAndPort.hasPort() || hostAndPort.getHost().isEmpty()) {
        throw new IllegalArgumentException(
            "invalid socket address syntax '"
                + rest
                + "' (expected host:port, an IPv6 address in brackets)");
      }
      return of(hostAndPort.getHost(), hostAndPort.getPort());
    }

    @Override
    public ChannelTransport transport() {
      return ChannelTransport.TLS;
    }

    @Override
    public String toString() {
      return "tls:" + HostAndPort.fromParts(host, port);
    }
  }
}
