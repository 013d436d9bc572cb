package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.net.InetAddresses;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.PortRange;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Where a TCP channel asked to serve {@code ip:port} binds, and which address it advertises: the
 * address keys of the configuration, read together when a channel is served.
 *
 * <ul>
 *   <li>The wildcard ({@code 0.0.0.0}, {@code ::}) asked for explicitly is bound, and advertises
 *       {@code advertise_hostname}, or this machine's hostname address when that is unset.
 *   <li>This machine's hostname address (what {@link ChannelAddr#any} asks for), or any other
 *       address that is not loopback when {@code remote_alloc_bind_to_inaddr_any} is set,
 *       advertises {@code advertise_hostname} (the asked address when that is unset) and binds the
 *       wildcard of the advertised address's family when {@code remote_alloc_bind_to_inaddr_any}
 *       is set, the advertised address otherwise.
 *   <li>Any other address, loopback ones in particular, is bound and advertised as asked: a
 *       channel asked for {@code 127.0.0.1} asked to be reachable from this machine only.
 * </ul>
 *
 * <p>Port 0 takes the first free port of {@code remote_alloc_allowed_port_range} when it is set
 * (any free port otherwise); a port asked for explicitly is bound as asked. An advertised host
 * name is resolved here, and the address it resolves to is advertised, since TCP channel
 * addresses hold IP addresses.
 *
 * @param bindWildcard {@code remote_alloc_bind_to_inaddr_any}
 * @param portRange {@code remote_alloc_allowed_port_range}
 * @param advertiseHostname {@code advertise_hostname}
 */
public record TcpServeRules(
    boolean bindWildcard, Optional<PortRange> portRange, Optional<String> advertiseHostname) {

  public TcpServeRules {
    checkNotNull(portRange, "portRange");
    checkNotNull(advertiseHostname, "advertiseHostname");
  }

  /** The rules of no configuration: everything bound and advertised as asked, any free port. */
  public static TcpServeRules asAsked() {
    return new TcpServeRules(false, Optional.empty(), Optional.empty());
  }

  /** The current values in {@code config}. */
  public static TcpServeRules from(HyperactorConfig config) {
    checkNotNull(config, "config");
    return new TcpServeRules(
        config.get(HyperactorAttrs.REMOTE_ALLOC_BIND_TO_INADDR_ANY),
        config.get(HyperactorAttrs.REMOTE_ALLOC_ALLOWED_PORT_RANGE),
        config.get(HyperactorAttrs.ADVERTISE_HOSTNAME));
  }

  /** Binds one socket address, or fails. */
  @FunctionalInterface
  public interface Binder<T> {
    T bind(InetSocketAddress address) throws Exception;
  }

  /** What a serve bound, and the address it advertises. */
  public record Bound<T>(T server, ChannelAddr.Tcp advertised) {}

  /**
   * Binds {@code requested} by these rules with {@code binder}, trying the ports of the allowed
   * range in order while they are in use; {@code boundPort} reads the port a server actually
   * bound.
   *
   * @throws ChannelException naming the address and the cause when nothing can be bound, or naming
   *     {@code remote_alloc_allowed_port_range} when every port of the range is in use, or naming
   *     {@code advertise_hostname} when it does not resolve
   */
  public <T> Bound<T> bind(
      ChannelAddr.Tcp requested, Binder<T> binder, ToIntFunction<T> boundPort) {
    checkNotNull(requested, "requested");
    checkNotNull(binder, "binder");
    checkNotNull(boundPort, "boundPort");
    InetAddress asked = requested.address().getAddress();
    Plan plan = plan(asked);
    InetAddress advertisedIp = plan.advertised();
    InetAddress bindIp = plan.bind();
    int port = requested.address().getPort();
    if (port != 0 || portRange.isEmpty()) {
      T server = bindOrThrow(binder, new InetSocketAddress(bindIp, port), requested);
      return new Bound<>(server, ChannelAddr.Tcp.of(advertisedIp, boundPort.applyAsInt(server)));
    }
    PortRange range = portRange.get();
    for (int candidate = range.first(); candidate <= range.last(); candidate++) {
      T server;
      try {
        server = binder.bind(new InetSocketAddress(bindIp, candidate));
      } catch (Exception e) {
        if (isAddressInUse(e)) {
          continue;
        }
        throw failure(requested, new InetSocketAddress(bindIp, candidate), e);
      }
      return new Bound<>(server, ChannelAddr.Tcp.of(advertisedIp, candidate));
    }
    throw new ChannelException(
        ChannelException.Kind.IO,
        "cannot serve "
            + requested
            + ": every port of remote_alloc_allowed_port_range = "
            + range
            + " ("
            + range.size()
            + (range.size() == 1 ? " port" : " ports")
            + ") is in use on "
            + InetAddresses.toUriString(bindIp));
  }

  private static <T> T bindOrThrow(
      Binder<T> binder, InetSocketAddress address, ChannelAddr.Tcp requested) {
    try {
      return binder.bind(address);
    } catch (Exception e) {
      throw failure(requested, address, e);
    }
  }

  private static ChannelException failure(
      ChannelAddr.Tcp requested, InetSocketAddress address, Exception e) {
    if (e instanceof ChannelException channel) {
      return channel;
    }
    String where =
        address.equals(requested.address())
            ? requested.toString()
            : requested + " (bound as " + new ChannelAddr.Tcp(address) + ")";
    return new ChannelException(
        ChannelException.Kind.IO, "cannot serve " + where + ": " + describe(e), e);
  }

  /** Where a serve binds, and the address it advertises. */
  record Plan(InetAddress bind, InetAddress advertised) {}

  /** Where a serve asked at {@code asked} binds, and what it advertises. */
  Plan plan(InetAddress asked) {
    InetAddress machine = machineAddress();
    if (asked.isAnyLocalAddress()) {
      return new Plan(asked, advertisedName().orElse(machine));
    }
    // This machine's hostname address is what ChannelAddr.any chose; it may be a loopback address
    // on a machine whose name resolves to one, and still means "this machine" here.
    boolean chosenByAny = asked.equals(machine);
    if (!chosenByAny && (asked.isLoopbackAddress() || !bindWildcard)) {
      return new Plan(asked, asked);
    }
    InetAddress advertised = advertisedName().orElse(asked);
    return new Plan(bindWildcard ? wildcardOf(advertised) : advertised, advertised);
  }

  private Optional<InetAddress> advertisedName() {
    return advertiseHostname.map(TcpServeRules::resolve);
  }

  private static InetAddress wildcardOf(InetAddress family) {
    try {
      return InetAddress.getByAddress(new byte[family instanceof Inet6Address ? 16 : 4]);
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4- or 16-byte address is always valid", e);
    }
  }

  private static InetAddress machineAddress() {
    return ((ChannelAddr.Tcp) ChannelAddr.any(ChannelTransport.TCP)).address().getAddress();
  }

  private static InetAddress resolve(String hostname) {
    try {
      return InetAddress.getByName(hostname);
    } catch (UnknownHostException e) {
      throw new ChannelException(
          ChannelException.Kind.INVALID_ADDRESS,
          "advertise_hostname = " + hostname + " does not resolve to an address: " + describe(e),
          e);
    }
  }

  private static boolean isAddressInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      // Netty's native transport reports EADDRINUSE as its own exception type.
      String message = t.getMessage();
      if (message != null && message.contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
