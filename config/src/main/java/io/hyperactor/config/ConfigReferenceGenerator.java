package io.hyperactor.config;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Generates {@code config/src/main/resources/reference.conf} and {@code docs/configuration.md}
 * from {@link HyperactorAttrs}, so the registry is the single source of every key's name,
 * variable, type, default and doc.
 *
 * <p>Run it with the repository root as the only argument, or through the build:
 *
 * <pre>{@value #REGENERATE_COMMAND}</pre>
 */
public final class ConfigReferenceGenerator {

  /** The command that regenerates both files from the registry. */
  public static final String REGENERATE_COMMAND =
      "./mvnw -B -q -ntp -pl config -am test -Dtest=ConfigReferenceTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dhyperactor.build.regenerate=true";

  /** Path of {@code reference.conf}, relative to the repository root. */
  public static final String REFERENCE_CONF = "config/src/main/resources/reference.conf";

  /** Path of the configuration reference, relative to the repository root. */
  public static final String CONFIGURATION_MD = "docs/configuration.md";

  private static final int WIDTH = 98;

  /** How {@code reference.conf} marks a reserved key. */
  static final String RESERVED_CONF = "Reserved: not read yet; setting it has no effect.";

  /** How {@code docs/configuration.md} marks a reserved key. */
  static final String RESERVED_MD = "*reserved — not read yet*";

  private ConfigReferenceGenerator() {}

  /** Writes both generated files under the repository root given as the only argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ConfigReferenceGenerator <repository root>");
      System.exit(2);
    }
    writeAll(Path.of(args[0]));
  }

  /** Writes both generated files under {@code root}. */
  public static void writeAll(Path root) throws IOException {
    write(root.resolve(REFERENCE_CONF), referenceConf());
    write(root.resolve(CONFIGURATION_MD), markdown());
  }

  private static void write(Path path, String text) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
  }

  /** The text of {@code reference.conf}. */
  public static String referenceConf() {
    StringBuilder out = new StringBuilder();
    out.append("####################################\n")
        .append("# Hyperactor Reference Config File #\n")
        .append("####################################\n")
        .append("#\n")
        .append("# This is the reference config file that contains all the default settings.\n")
        .append("# Make your edits/overrides in your application.conf, under hyperactor { }.\n")
        .append("# Each key can also be set through the environment variable named below or\n")
        .append("# the system property -Dhyperactor.<key>=...; precedence, highest first:\n")
        .append("# test overrides, system property, environment variable, runtime set(),\n")
        .append("# application.conf, this file. Durations: 500ms, 30s, 5m, 1h 30m, 5 seconds.\n")
        .append("# Keys marked \"Reserved\" are not read yet: setting them has no effect.\n")
        .append("#\n")
        .append("# Generated from io.hyperactor.config.HyperactorAttrs; regenerate with\n")
        .append("#   ")
        .append(REGENERATE_COMMAND)
        .append("\n\nhyperactor {\n");
    boolean first = true;
    for (Attr<?> attr : HyperactorAttrs.all()) {
      if (!first) {
        out.append('\n');
      }
      first = false;
      for (String line : wrap(attr.doc(), WIDTH - 4)) {
        out.append("  # ").append(line).append('\n');
      }
      if (attr.reserved()) {
        out.append("  # ").append(RESERVED_CONF).append('\n');
      }
      out.append("  # Type: ")
          .append(attr.type().typeName())
          .append(". Environment: ")
          .append(attr.envVar())
          .append(attr.propagates() ? "." : ". Process-local.")
          .append('\n');
      out.append("  ").append(attr.name()).append(" = ").append(hoconValue(attr)).append('\n');
    }
    out.append("}\n");
    return out.toString();
  }

  private static String hoconValue(Attr<?> attr) {
    Object value = attr.defaultValue();
    if (value instanceof Optional<?> optional && optional.isEmpty()) {
      return "null";
    }
    if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return value.toString();
    }
    String text = attr.formatUnchecked(value);
    // Durations and enum names are safe unquoted, as pekko writes them; anything else is quoted.
    boolean plain =
        (value instanceof Duration || value instanceof Optional || value instanceof Enum)
            && text.matches("[0-9a-z ]+");
    return plain ? text : quote(text);
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The text of {@code docs/configuration.md}. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(
        """
        # Configuration reference

        <!-- Generated from io.hyperactor.config.HyperactorAttrs; do not edit by hand. -->

        Every setting of Hyperactor for Java is a typed key in one registry,
        `io.hyperactor.config.HyperactorAttrs`. Each key has a HOCON path under `hyperactor`, an
        environment variable spelled as in upstream hyperactor, a type, a default and a one-line
        description. Read a value with
        `HyperactorConfig.global().get(HyperactorAttrs.CLEANUP_TIMEOUT)`.

        ## Layers

        A key's value comes from the highest layer that sets it, highest first (upstream
        hyperactor's order):

        1. **test override**: a scoped `HyperactorConfig.override(...)`, meant for tests;
        2. **env**: the key's system property, e.g. `-Dhyperactor.cleanup_timeout=5s`, or else
           its environment variable, e.g. `HYPERACTOR_CLEANUP_TIMEOUT=5s`;
        3. **runtime**: `HyperactorConfig.set(...)`;
        4. **file**: the `hyperactor { }` object of `application.conf` (Typesafe Config's default
           application file, so `-Dconfig.file=...` works) or of a file the application names with
           `HyperactorConfig.load(env, path)`;
        5. **client override**: the configuration of the mesh client that spawned this proc, or
           attached to this host (`HyperactorConfig.setClientOverrides(...)`, replaced wholesale);
        6. **default**: the registry default, also written in `reference.conf`.

        A child process restores its parent's resolved configuration layer by layer (see *Child
        processes*); a proc spawned by a host mesh then receives its client's propagating values
        in its client-override layer, so its own environment and files still win.
        `docs/decisions.md` records why the order is upstream's and not Typesafe Config's.

        Loading validates every layer and fails with one `ConfigValidationException` that lists
        every problem: a malformed value names the key (or variable, or property), the value and
        what was expected; an unknown key under `hyperactor` in the file fails and names the
        closest known key. Nothing falls back to a default silently.

        ## Environment variables and system properties

        Both form the **env** layer; when a key has both, the system property wins, because it was
        given to this JVM alone while the environment is inherited by every process of a tree.
        Values are parsed as in the file. Booleans accept `true`, `false`, `1` and `0`.

        An unknown `HYPERACTOR_*` variable is logged as a warning that names the closest key, and
        otherwise ignored, because the environment is shared with other programs. The bootstrap
        variables `HYPERACTOR_HOST_PROC_ID`, `HYPERACTOR_HOST_BACKEND_ADDR`,
        `HYPERACTOR_HOST_CALLBACK_ADDR`, `HYPERACTOR_CONFIG`, `HYPERACTOR_MESH_BOOTSTRAP_MODE` and
        `HYPERACTOR_PROCESS_NAME` are not configuration keys.

        A system property `hyperactor.<name>` whose name is not a key is an error naming the
        closest key. Properties with deeper names, such as `hyperactor.build.root`, cannot be keys
        (keys are flat) and are left alone. `HyperactorConfig.global()` reads the JVM's system
        properties; `HyperactorConfig.load(env, systemProperties, file)` takes them explicitly.

        ## Durations

        A duration is written in the humantime form of upstream, one or more `<number><unit>` parts
        such as `500ms`, `30s`, `5m`, `1h 30m`, or in the HOCON form of Typesafe Config, such as
        `5 seconds`, `500 millis` or `1.5h`; every layer accepts both. Units: `ns`, `us`, `ms`,
        `s`/`sec`/`second(s)`, `m`/`min`/`minute(s)`, `h`/`hr`/`hour(s)`, `d`/`day(s)`,
        `w`/`week(s)`, `M`/`month(s)`, `y`/`year(s)`, and HOCON's `nano(s)`, `nanosecond(s)`,
        `micro(s)`, `microsecond(s)`, `milli(s)`, `millisecond(s)`; a lone `0` is zero. A fraction
        must come to whole nanoseconds. A bare number without a unit is an error, although HOCON
        would read it as milliseconds: an error is better than a guess. Values read back
        normalized, largest unit first: `300s` reads back as `5m`, `90m` as `1h 30m`. An optional
        duration (`mesh_orphan_timeout`) is disabled with `none`, an empty value, or HOCON `null`.

        ## Reserved keys

        Some keys are declared so that their names, variables and defaults match upstream, but no
        code reads them yet. They are marked *reserved — not read yet* below and in
        `reference.conf`; setting one has no effect, and loading logs a warning when the file, the
        environment or a system property sets one. A test scans the runtime's sources and fails
        when a key that nothing reads is not marked reserved, or a reserved key is read.

        ## Runtime overrides

        `HyperactorConfig.set(attr, value)` sets a key in the runtime layer for the life of the
        configuration; an environment variable or system property for the key still wins.
        `override(attr, value)` sets it in the test-override layer, above everything, and returns
        a `ScopedOverride` for try-with-resources: overrides nest, the newest wins, and closing one
        restores what was visible before it. On `HyperactorConfig.global()` they are
        process-wide, seen by every thread; they must be closed in reverse order of opening, and
        closing one out of order throws `IllegalStateException` and changes nothing. Tests that
        override the global configuration must not run concurrently with each other (under JUnit
        parallel execution, use `@ResourceLock(HyperactorConfig.GLOBAL_RESOURCE_LOCK)`); tests
        that only need a configuration object should build one with `HyperactorConfig.load(...)`.

        ## Child processes

        A proc manager that starts a child JVM passes `HyperactorConfig.serializeForChild()` in
        the environment variable `HYPERACTOR_CONFIG`. In the child, `HyperactorConfig.global()`
        restores it: every propagating key gets exactly the parent's value and layer, whatever the
        child's own environment, system properties or files say, and scoped overrides open in the
        parent at spawn time arrive as test overrides. Process-local keys (the TLS material and
        `tls_allowed_subjects`) are not sent and are read from the child's own environment
        variables and system properties; the process proc manager sets those variables to its
        own values when they are not defaults, so a forked proc serves and dials `tls:` like its
        host (see security.md).

        ## Dump

        `HyperactorConfig.dump()` lists every key with its value and the layer it came from, and
        `formatDump()` renders it as an aligned `key  value  layer` table.

        ## Upstream quirks

        Where upstream's code and documentation disagree on a default, the code's value is used
        and the description says so (marked ⚠).

        ## Keys

        | Key | Environment variable | Type | Default | Propagates | Status | Description |
        |---|---|---|---|---|---|---|
        """);
    for (Attr<?> attr : HyperactorAttrs.all()) {
      out.append("| `")
          .append(attr.hoconPath())
          .append("` | `")
          .append(attr.envVar())
          .append("` | ")
          .append(attr.type().typeName())
          .append(" | ")
          .append(markdownValue(attr.formatUnchecked(attr.defaultValue())))
          .append(" | ")
          .append(attr.propagates() ? "yes" : "no")
          .append(" | ")
          .append(attr.reserved() ? RESERVED_MD : "read")
          .append(" | ")
          .append(attr.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    out.append("\nRegenerate this file and `reference.conf` with:\n\n```sh\n")
        .append(REGENERATE_COMMAND)
        .append("\n```\n");
    return out.toString();
  }

  private static String markdownValue(String text) {
    return text.isEmpty() ? "`\"\"`" : "`" + text + "`";
  }

  private static ImmutableList<String> wrap(String text, int width) {
    ImmutableList.Builder<String> lines = ImmutableList.builder();
    StringBuilder line = new StringBuilder();
    for (String word : Splitter.on(' ').omitEmptyStrings().split(text)) {
      if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines.build();
  }
}
