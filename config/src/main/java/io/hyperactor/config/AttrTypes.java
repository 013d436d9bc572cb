package io.hyperactor.config;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Ascii;
import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import io.hyperactor.channel.ChannelAddr;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;

/** The value types of the registry's keys; each factory returns an immutable {@link AttrType}. */
final class AttrTypes {

  private AttrTypes() {}

  /** A non-negative duration in humantime or HOCON form ({@link HumanDuration}). */
  static AttrType<Duration> duration() {
    return DurationType.INSTANCE;
  }

  /**
   * An optional duration; {@code none}, {@code off} or the empty text (and a HOCON {@code null})
   * disable it.
   */
  static AttrType<Optional<Duration>> optionalDuration() {
    return OptionalDurationType.INSTANCE;
  }

  /** A boolean: {@code true}, {@code false}, {@code 1} or {@code 0}, as upstream accepts. */
  static AttrType<Boolean> bool() {
    return BoolType.INSTANCE;
  }

  /** An integer in {@code [min, max]}. */
  static AttrType<Long> integer(long min, long max) {
    return new IntegerType(min, max);
  }

  /** A floating-point number in {@code [min, max]}. */
  static AttrType<Double> fraction(double min, double max) {
    return new DoubleType(min, max);
  }

  /** Any string, including the empty one. */
  static AttrType<String> string() {
    return StringType.INSTANCE;
  }

  /** A socket address {@code host:port} or {@code [v6]:port}. */
  static AttrType<String> socketAddress() {
    return SocketAddressType.INSTANCE;
  }

  /** An optional port range ({@link PortRange}); an empty value or {@code none} means unset. */
  static AttrType<Optional<PortRange>> optionalPortRange() {
    return OptionalPortRangeType.INSTANCE;
  }

  /**
   * An optional host name or IP literal (IPv6 without brackets); an empty value means unset. Only
   * the syntax is checked here: the name is resolved where it is used.
   */
  static AttrType<Optional<String>> optionalHostname() {
    return OptionalHostnameType.INSTANCE;
  }

  /**
   * An optional channel address such as {@code tcp:0.0.0.0:26600} or {@code tcp:[::]:26600},
   * checked with {@link io.hyperactor.channel.ChannelAddr#parse}; an empty value means unset.
   */
  static AttrType<Optional<String>> optionalChannelAddress() {
    return OptionalChannelAddressType.INSTANCE;
  }

  /** A PEM value: inline text starting with {@code -----BEGIN}, or a file path. */
  static AttrType<String> pem() {
    return PemType.INSTANCE;
  }

  /**
   * An enum written in its {@code toString()} form. The allowed values are read from the enum
   * each time, so constants added later are accepted without touching the registry.
   */
  static <E extends Enum<E>> AttrType<E> enumType(Class<E> type) {
    return new EnumType<>(type);
  }

  private static IllegalArgumentException bad(String text, Supplier<String> expected) {
    return new IllegalArgumentException(
        String.format("'%s' is not %s", text, expected.get()));
  }

  /**
   * A list of X.500 distinguished names ({@code CN=client,O=Acme}), written separated by {@code ;};
   * the empty text is the empty list.
   */
  static AttrType<List<String>> subjectList() {
    return SubjectListType.INSTANCE;
  }

  private enum DurationType implements AttrType<Duration> {
    INSTANCE;

    @Override
    public String typeName() {
      return "duration";
    }

    @Override
    public String expected() {
      return HumanDuration.EXPECTED;
    }

    @Override
    public Duration parse(String text) {
      return HumanDuration.parse(text);
    }

    @Override
    public String format(Duration value) {
      return HumanDuration.format(value);
    }

    @Override
    public Duration validate(Duration value) {
      checkNotNull(value, "value");
      checkArgument(!value.isNegative(), "'%s' is not %s: it is negative", value, expected());
      return value;
    }

    @Override
    public Class<?> valueClass() {
      return Duration.class;
    }
  }

  private enum OptionalDurationType implements AttrType<Optional<Duration>> {
    INSTANCE;

    @Override
    public String typeName() {
      return "optional duration";
    }

    @Override
    public String expected() {
      return HumanDuration.EXPECTED + ", or none to disable";
    }

    @Override
    public Optional<Duration> parse(String text) {
      checkNotNull(text, "text");
      String s = text.strip();
      if (s.isEmpty() || Ascii.equalsIgnoreCase(s, "none") || Ascii.equalsIgnoreCase(s, "off")) {
        return Optional.empty();
      }
      try {
        return Optional.of(HumanDuration.parse(s));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + ", or none to disable", e);
      }
    }

    @Override
    public String format(Optional<Duration> value) {
      return value.map(HumanDuration::format).orElse("none");
    }

    @Override
    public Optional<Duration> validate(Optional<Duration> value) {
      checkNotNull(value, "value");
      value.ifPresent(DurationType.INSTANCE::validate);
      return value;
    }

    @Override
    public Class<?> valueClass() {
      return Optional.class;
    }
  }

  private enum BoolType implements AttrType<Boolean> {
    INSTANCE;

    @Override
    public String typeName() {
      return "boolean";
    }

    @Override
    public String expected() {
      return "a boolean (true, false, 1 or 0)";
    }

    @Override
    public Boolean parse(String text) {
      checkNotNull(text, "text");
      return switch (text.strip()) {
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> throw bad(text, this::expected);
      };
    }

    @Override
    public String format(Boolean value) {
      return value.toString();
    }

    @Override
    public Boolean validate(Boolean value) {
      return checkNotNull(value, "value");
    }

    @Override
    public Class<?> valueClass() {
      return Boolean.class;
    }
  }

  private record IntegerType(long min, long max) implements AttrType<Long> {
    @Override
    public String typeName() {
      return "integer";
    }

    @Override
    public String expected() {
      if (max == Long.MAX_VALUE) {
        return "an integer >= " + min;
      }
      return "an integer in [" + min + ", " + max + "]";
    }

    @Override
    public Long parse(String text) {
      checkNotNull(text, "text");
      long value;
      try {
        value = Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw bad(text, this::expected);
      }
      return validate(value);
    }

    @Override
    public String format(Long value) {
      return value.toString();
    }

    @Override
    public Long validate(Long value) {
      checkNotNull(value, "value");
      if (value < min || value > max) {
        throw bad(value.toString(), this::expected);
      }
      return value;
    }

    @Override
    public Class<?> valueClass() {
      return Long.class;
    }
  }

  private record DoubleType(double min, double max) implements AttrType<Double> {
    @Override
    public String typeName() {
      return "number";
    }

    @Override
    public String expected() {
      return "a number in [" + min + ", " + max + "]";
    }

    @Override
    public Double parse(String text) {
      checkNotNull(text, "text");
      double value;
      try {
        value = Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        throw bad(text, this::expected);
      }
      return validate(value);
    }

    @Override
    public String format(Double value) {
      // Double.toString is the shortest text that parses back to the same double.
      return value.toString();
    }

    @Override
    public Double validate(Double value) {
      checkNotNull(value, "value");
      if (!(value >= min && value <= max)) {
        throw bad(value.toString(), this::expected);
      }
      return value;
    }

    @Override
    public Class<?> valueClass() {
      return Double.class;
    }
  }

  private enum StringType implements AttrType<String> {
    INSTANCE;

    @Override
    public String typeName() {
      return "string";
    }

    @Override
    public String expected() {
      return "a string";
    }

    @Override
    public String parse(String text) {
      return checkNotNull(text, "text");
    }

    @Override
    public String format(String value) {
      return value;
    }

    @Override
    public String validate(String value) {
      return checkNotNull(value, "value");
    }

    @Override
    public Class<?> valueClass() {
      return String.class;
    }
  }

  private enum SocketAddressType implements AttrType<String> {
    INSTANCE;

    @Override
    public String typeName() {
      return "socket address";
    }

    @Override
    public String expected() {
      return "a socket address such as 0.0.0.0:1729 or [::]:1729";
    }

    @Override
    public String parse(String text) {
      return validate(checkNotNull(text, "text").strip());
    }

    @Override
    public String format(String value) {
      return value;
    }

    @Override
    public String validate(String value) {
      checkNotNull(value, "value");
      try {
        HostAndPort hostAndPort = HostAndPort.fromString(value);
        // Upstream parses this as a std SocketAddr: an IP literal and a port, no host names.
        if (hostAndPort.hasPort() && InetAddresses.isInetAddress(hostAndPort.getHost())) {
          return value;
        }
      } catch (IllegalArgumentException e) {
        // fall through to the uniform message below
      }
      throw bad(value, this::expected);
    }

    @Override
    public Class<?> valueClass() {
      return String.class;
    }
  }

  private enum PemType implements AttrType<String> {
    INSTANCE;

    @Override
    public String typeName() {
      return "PEM";
    }

    @Override
    public String expected() {
      return "inline PEM text starting with -----BEGIN, or a file path";
    }

    @Override
    public String parse(String text) {
      return validate(checkNotNull(text, "text"));
    }

    @Override
    public String format(String value) {
      return value;
    }

    @Override
    public String validate(String value) {
      checkNotNull(value, "value");
      if (value.isBlank()) {
        throw bad(value, this::expected);
      }
      return value;
    }

    @Override
    public Class<?> valueClass() {
      return String.class;
    }
  }

  private record EnumType<E extends Enum<E>>(Class<E> type) implements AttrType<E> {
    @Override
    public String typeName() {
      return "enum " + type.getSimpleName();
    }

    @Override
    public String expected() {
      return "one of " + Joiner.on(", ").join(type.getEnumConstants());
    }

    @Override
    public E parse(String text) {
      checkNotNull(text, "text");
      String s = text.strip();
      return Arrays.stream(type.getEnumConstants())
          .filter(e -> e.toString().equalsIgnoreCase(s) || e.name().equalsIgnoreCase(s))
          .findFirst()
          .orElseThrow(() -> bad(text, this::expected));
    }

    @Override
    public String format(E value) {
      return value.toString();
    }

    @Override
    public E validate(E value) {
      return checkNotNull(value, "value");
    }

    @Override
    public Class<?> valueClass() {
      return type;
    }
  }

  private enum OptionalPortRangeType implements AttrType<Optional<PortRange>> {
    INSTANCE;

    @Override
    public String typeName() {
      return "optional port range";
    }

    @Override
    public String expected() {
      return PortRange.EXPECTED + ", or empty for any free port";
    }

    @Override
    public Optional<PortRange> parse(String text) {
      checkNotNull(text, "text");
      String s = text.strip();
      if (s.isEmpty() || Ascii.equalsIgnoreCase(s, "none")) {
        return Optional.empty();
      }
      try {
        return Optional.of(PortRange.parse(s));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + ", or empty for any free port", e);
      }
    }

    @Override
    public String format(Optional<PortRange> value) {
      return value.map(PortRange::toString).orElse("");
    }

    @Override
    public Optional<PortRange> validate(Optional<PortRange> value) {
      return checkNotNull(value, "value");
    }

    @Override
    public Class<?> valueClass() {
      return Optional.class;
    }
  }

  private enum OptionalHostnameType implements AttrType<Optional<String>> {
    INSTANCE;

    @Override
    public String typeName() {
      return "optional host name";
    }

    @Override
    public String expected() {
      return "a host name or IP address such as host-0.hosts.default.svc, 10.0.0.7 or ::1, or"
          + " empty for this machine's hostname address";
    }

    @Override
    public Optional<String> parse(String text) {
      checkNotNull(text, "text");
      String s = text.strip();
      // The generated reference writes an unset value as null, which reads back as none.
      if (s.isEmpty() || Ascii.equalsIgnoreCase(s, "none")) {
        return Optional.empty();
      }
      return validate(Optional.of(s));
    }

    @Override
    public String format(Optional<String> value) {
      return value.orElse("");
    }

    @Override
    public Optional<String> validate(Optional<String> value) {
      checkNotNull(value, "value");
      value.ifPresent(
          name -> {
            if (!InetAddresses.isInetAddress(name) && !InternetDomainName.isValid(name)) {
              throw bad(name, this::expected);
            }
          });
      return value;
    }

    @Override
    public Class<?> valueClass() {
      return Optional.class;
    }
  }

  private enum OptionalChannelAddressType implements AttrType<Optional<String>> {
    INSTANCE;

    @Override
    public String typeName() {
      return "optional channel address";
    }

    @Override
    public String expected() {
      return "a channel address such as tcp:0.0.0.0:26600 or tcp:[::]:26600, or empty (none)";
    }

    @Override
    public Optional<String> parse(String text) {
      checkNotNull(text, "text");
      String s = text.strip();
      // The generated reference writes an unset value as null, which reads back as none.
      if (s.isEmpty() || Ascii.equalsIgnoreCase(s, "none")) {
        return Optional.empty();
      }
      return validate(Optional.of(s));
    }

    @Override
    public String format(Optional<String> value) {
      return value.orElse("");
    }

    @Override
    public Optional<String> validate(Optional<String> value) {
      checkNotNull(value, "value");
      value.ifPresent(
          addr -> {
            try {
              ChannelAddr.parse(addr);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  "'" + addr + "' is not " + expected() + ": " + e.getMessage(), e);
            }
          });
      return value;
    }

    @Override
    public Class<?> valueClass() {
      return Optional.class;
    }
  }

  private enum SubjectListType implements AttrType<List<String>> {
    INSTANCE;

    private static final Splitter SPLITTER = Splitter.on(';').trimResults().omitEmptyStrings();

    @Override
    public String typeName() {
      return "subject list";
    }

    @Override
    public String expected() {
      return "certificate subject names separated by ';', such as CN=host,O=Acme; CN=client";
    }

    @Override
    public List<String> parse(String text) {
      checkNotNull(text, "text");
      return validate(ImmutableList.copyOf(SPLITTER.split(text)));
    }

    @Override
    public String format(List<String> value) {
      return Joiner.on("; ").join(value);
    }

    @Override
    public List<String> validate(List<String> value) {
      checkNotNull(value, "value");
      for (String name : value) {
        try {
          new X500Principal(name);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              String.format(
                  "'%s' is not %s: '%s' is not a distinguished name (%s)",
                  format(value), expected(), name, e.getMessage()),
              e);
        }
        if (name.contains(";")) {
          throw bad(format(value), this::expected);
        }
      }
      return ImmutableList.copyOf(value);
    }

    @Override
    public Class<?> valueClass() {
      return List.class;
    }
  }
}
