package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.base.Joiner;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.hyperactor.channel.ChannelTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HyperactorConfigTest {

  /** The transports as error messages list them; the api module may add more. */
  static final String TRANSPORTS =
      Joiner.on(", ").join(ChannelTransport.values());

  private static Config hocon(String text) {
    return ConfigFactory.parseString(text);
  }

  private static HyperactorConfig load(Map<String, String> env, String file) {
    return HyperactorConfig.load(env, hocon(file));
  }

  // ---------------------------------------------------------------- precedence

  /** Where the precedence tests set cleanup_timeout; each source sets its own value. */
  private enum Source {
    FILE(1),
    ENV(2),
    PROPERTY(3),
    RUNTIME(4),
    TEST_OVERRIDE(5);

    final Duration value;

    Source(long seconds) {
      this.value = Duration.ofSeconds(seconds);
    }
  }

  /**
   * A configuration with cleanup_timeout set in exactly the given sources, each to its own value.
   * The file and the system property use the HOCON form, the environment the humantime form. The
   * scoped override is left open: the configuration is the test's own.
   */
  @SuppressWarnings("resource")
  private static HyperactorConfig withKeySetIn(Source... sources) {
    ImmutableSet<Source> set = ImmutableSet.copyOf(sources);
    long file = Source.FILE.value.toSeconds();
    Config tree =
        set.contains(Source.FILE)
            ? hocon("hyperactor.cleanup_timeout = " + file + " seconds")
            : ConfigFactory.empty();
    Map<String, String> env =
        set.contains(Source.ENV)
            ? Map.of("HYPERACTOR_CLEANUP_TIMEOUT", Source.ENV.value.toSeconds() + "s")
            : Map.of();
    Properties properties = new Properties();
    if (set.contains(Source.PROPERTY)) {
      properties.setProperty(
          "hyperactor.cleanup_timeout", Source.PROPERTY.value.toSeconds() + " seconds");
    }
    HyperactorConfig config = HyperactorConfig.load(env, properties, tree);
    if (set.contains(Source.RUNTIME)) {
      config.set(HyperactorAttrs.CLEANUP_TIMEOUT, Source.RUNTIME.value);
    }
    if (set.contains(Source.TEST_OVERRIDE)) {
      config.override(HyperactorAttrs.CLEANUP_TIMEOUT, Source.TEST_OVERRIDE.value);
    }
    return config;
  }

  @Test
  void eachPairOfLayersHasTheUpstreamWinner() {
    // Highest first: test override, system property, environment variable, runtime, file.
    ImmutableList<Source> precedence =
        ImmutableList.of(
            Source.TEST_OVERRIDE, Source.PROPERTY, Source.ENV, Source.RUNTIME, Source.FILE);
    ImmutableMap<Source, ConfigLayer> layerOf =
        ImmutableMap.of(
            Source.TEST_OVERRIDE, ConfigLayer.TEST_OVERRIDE,
            Source.PROPERTY, ConfigLayer.ENV,
            Source.ENV, ConfigLayer.ENV,
            Source.RUNTIME, ConfigLayer.RUNTIME,
            Source.FILE, ConfigLayer.FILE);
    int pairs = 0;
    for (int high = 0; high < precedence.size(); high++) {
      for (int low = high + 1; low < precedence.size(); low++) {
        Source winner = precedence.get(high);
        Source loser = precedence.get(low);
        HyperactorConfig config = withKeySetIn(winner, loser);
        assertWithMessage("%s against %s", winner, loser)
            .that(config.get(HyperactorAttrs.CLEANUP_TIMEOUT))
            .isEqualTo(winner.value);
        assertWithMessage("layer of %s against %s", winner, loser)
            .that(config.layerOf(HyperactorAttrs.CLEANUP_TIMEOUT))
            .isEqualTo(layerOf.get(winner));
        pairs++;
      }
    }
    assertThat(pairs).isEqualTo(10);
  }

  @Test
  void everyLayerBeatsTheDefault() {
    for (Source source : Source.values()) {
      HyperactorConfig config = withKeySetIn(source);
      assertWithMessage("%s against the default", source)
          .that(config.get(HyperactorAttrs.CLEANUP_TIMEOUT))
          .isEqualTo(source.value);
    }
    HyperactorConfig none = withKeySetIn();
    assertThat(none.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
    assertThat(none.layerOf(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(ConfigLayer.DEFAULT);
  }

  @Test
  void layersAreListedLowestFirstInTheUpstreamOrder() {
    assertThat(ConfigLayer.values())
        .asList()
        .containsExactly(
            ConfigLayer.DEFAULT,
            ConfigLayer.CLIENT_OVERRIDE,
            ConfigLayer.FILE,
            ConfigLayer.RUNTIME,
            ConfigLayer.ENV,
            ConfigLayer.TEST_OVERRIDE)
        .inOrder();
  }

  @Test
  void clientOverridesBeatTheDefaultsOnlyAndAreReplacedWholesale() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.setClientOverrides(
        ImmutableMap.of("cleanup_timeout", "7s", "message_delivery_timeout", "1m"));
    assertThat(config.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.layerOf(HyperactorAttrs.CLEANUP_TIMEOUT))
        .isEqualTo(ConfigLayer.CLIENT_OVERRIDE);
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofMinutes(3));
    assertThat(config.get(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT))
        .isEqualTo(Duration.ofMinutes(3));
    config.setClientOverrides(ImmutableMap.of("message_delivery_timeout", "2m"));
    assertThat(config.layerOf(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(ConfigLayer.DEFAULT);
    assertThat(config.get(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT))
        .isEqualTo(Duration.ofMinutes(3));
    HyperactorConfig child = HyperactorConfig.restoreInChild(config.serializeForChild(), Map.of());
    assertThat(child.get(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT))
        .isEqualTo(Duration.ofMinutes(3));
    ConfigValidationException bad =
        assertThrows(
            ConfigValidationException.class,
            () -> config.setClientOverrides(ImmutableMap.of("cleanup_timeout", "soon")));
    assertThat(bad).hasMessageThat().contains("cleanup_timeout");
    assertThat(config.propagatingValues()).containsEntry("cleanup_timeout", "3s");
    assertThat(config.propagatingValues()).doesNotContainKey("tls_cert");
  }

  @Test
  void loadsANamedApplicationFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app.conf");
    Files.writeString(file, "hyperactor.default_transport = tcp\nmyapp.other = 1\n");
    HyperactorConfig config = HyperactorConfig.load(Map.of(), file);
    assertThat(config.get(HyperactorAttrs.DEFAULT_TRANSPORT)).isEqualTo(ChannelTransport.TCP);
    assertThat(config.layerOf(HyperactorAttrs.DEFAULT_TRANSPORT)).isEqualTo(ConfigLayer.FILE);
  }

  @Test
  void missingNamedFileFailsNamingIt(@TempDir Path dir) {
    Path file = dir.resolve("absent.conf");
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class, () -> HyperactorConfig.load(Map.of(), file));
    assertThat(e).hasMessageThat().contains("application file " + file);
  }

  @Test
  void valuesFromReferenceConfCountAsDefaults() {
    // ConfigFactory.load() merges reference.conf into the tree; that must not look like a file.
    Config merged = hocon("hyperactor.cleanup_timeout = 9s").withFallback(ConfigFactory.load());
    HyperactorConfig config = HyperactorConfig.load(Map.of(), merged);
    assertThat(config.layerOf(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(ConfigLayer.FILE);
    assertThat(config.layerOf(HyperactorAttrs.STOP_ACTOR_TIMEOUT)).isEqualTo(ConfigLayer.DEFAULT);
  }

  // ---------------------------------------------------------------- environment variables

  @Test
  void unknownHyperactorSystemPropertyFailsNamingTheClosestKey() {
    Properties properties = new Properties();
    properties.setProperty("hyperactor.cleanup_timout", "5s");
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> HyperactorConfig.load(Map.of(), properties, ConfigFactory.empty()));
    assertThat(e.errors())
        .containsExactly(
            "unknown key hyperactor.cleanup_timout (system property); did you mean"
                + " hyperactor.cleanup_timeout?");
  }

  @Test
  void badSystemPropertyValueNamesThePropertyAndValue() {
    Properties properties = new Properties();
    properties.setProperty("hyperactor.read_log_buffer", "lots");
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> HyperactorConfig.load(Map.of(), properties, ConfigFactory.empty()));
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0)).startsWith("system property hyperactor.read_log_buffer: 'lots'");
  }

  @Test
  void systemPropertiesOutsideTheKeyNamespaceAreLeftAlone() {
    Properties properties = new Properties();
    properties.setProperty("hyperactor.build.root", "/somewhere");
    properties.setProperty("hyperactor.it.wiring", "local");
    properties.setProperty("other.cleanup_timeout", "nonsense");
    HyperactorConfig config = HyperactorConfig.load(Map.of(), properties, ConfigFactory.empty());
    assertThat(config.warnings()).isEmpty();
    assertThat(config.dump().stream().allMatch(e -> e.layer() == ConfigLayer.DEFAULT)).isTrue();
  }

  @Test
  void systemPropertiesMergedIntoTheFileTreeBelongToTheEnvironmentLayer() {
    // ConfigFactory.load() merges system properties into the tree, with this origin; they must not
    // look like file values (and hyperactor.build.root must not look like an unknown file key).
    Properties properties = new Properties();
    properties.setProperty("hyperactor.build.root", "/somewhere");
    properties.setProperty("hyperactor.cleanup_timeout", "9s");
    Config merged =
        ConfigFactory.parseProperties(
                properties,
                ConfigParseOptions.defaults()
                    .setOriginDescription(ConfigFactory.systemProperties().origin().description()))
            .withFallback(hocon("hyperactor { read_log_buffer = 4, cleanup_timeout = 1s }"));

    HyperactorConfig withoutProperties = HyperactorConfig.load(Map.of(), merged);
    assertThat(withoutProperties.get(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(4L);
    assertThat(withoutProperties.layerOf(HyperactorAttrs.READ_LOG_BUFFER))
        .isEqualTo(ConfigLayer.FILE);
    assertThat(withoutProperties.layerOf(HyperactorAttrs.CLEANUP_TIMEOUT))
        .isEqualTo(ConfigLayer.DEFAULT);

    HyperactorConfig withProperties = HyperactorConfig.load(Map.of(), properties, merged);
    assertThat(withProperties.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofSeconds(9));
    assertThat(withProperties.layerOf(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(ConfigLayer.ENV);
  }

  @Test
  void fileAcceptsHoconDurations() {
    HyperactorConfig config =
        load(
            Map.of(),
            """
            hyperactor {
              cleanup_timeout = 5 seconds
              stop_actor_timeout = "500 millis"
              message_delivery_timeout = 1.5h
              mesh_orphan_timeout = 2 minutes
              process_exit_timeout = 1h 30m
            }
            """);
    assertThat(config.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.get(HyperactorAttrs.STOP_ACTOR_TIMEOUT)).isEqualTo(Duration.ofMillis(500));
    assertThat(config.get(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT))
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(config.get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT))
        .isEqualTo(Optional.of(Duration.ofMinutes(2)));
    assertThat(config.get(HyperactorAttrs.PROCESS_EXIT_TIMEOUT)).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void badHoconDurationInAFileNamesKeyAndValue() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> load(Map.of(), "hyperactor {\n  cleanup_timeout = 5 fortnights\n}"));
    assertThat(e.errors())
        .containsExactly(
            "hyperactor.cleanup_timeout (String: 2): '5 fortnights' is not a duration such as"
                + " 500ms, 30s, 5m, 1h 30m or 5 seconds: unknown unit 'fortnights'");
  }

  @Test
  void settingAReservedKeyWarnsThatItHasNoEffect() {
    Properties properties = new Properties();
    properties.setProperty("hyperactor.channel_net_rx_buffer_full_check_interval", "1s");
    HyperactorConfig config =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_MESH_ADMIN_PYSPY_BRIDGE_TIMEOUT", "7s"),
            properties,
            hocon("hyperactor.stop_actor_timeout = 4s\nhyperactor.cleanup_timeout = 2s"));
    assertThat(HyperactorAttrs.MESH_ADMIN_PYSPY_BRIDGE_TIMEOUT.reserved()).isTrue();
    assertThat(HyperactorAttrs.CLEANUP_TIMEOUT.reserved()).isFalse();
    assertThat(config.warnings())
        .containsExactly(
            "hyperactor.mesh_admin_pyspy_bridge_timeout is reserved: nothing reads it yet, so"
                + " the value from environment variable HYPERACTOR_MESH_ADMIN_PYSPY_BRIDGE_TIMEOUT"
                + " has no effect",
            "hyperactor.channel_net_rx_buffer_full_check_interval is reserved: nothing reads it"
                + " yet, so the value from system property"
                + " hyperactor.channel_net_rx_buffer_full_check_interval has no effect",
            "hyperactor.stop_actor_timeout is reserved: nothing reads it yet, so the value from"
                + " the application file has no effect");
  }

  @Test
  void envOverridesADuration() {
    HyperactorConfig config =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_MESSAGE_DELIVERY_TIMEOUT", "1h 30m"), ConfigFactory.empty());
    assertThat(config.get(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT))
        .isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void envOverridesABoolInEveryUpstreamSpelling() {
    for (Map.Entry<String, Boolean> spelling :
        Map.of("true", true, "false", false, "1", true, "0", false).entrySet()) {
      HyperactorConfig config =
          HyperactorConfig.load(
              Map.of("HYPERACTOR_MESH_BOOTSTRAP_ENABLE_PDEATHSIG", spelling.getKey()),
              ConfigFactory.empty());
      assertThat(config.get(HyperactorAttrs.MESH_BOOTSTRAP_ENABLE_PDEATHSIG))
          .isEqualTo(spelling.getValue());
    }
  }

  @Test
  void envOverridesAnInt() {
    HyperactorConfig config =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_TERMINATED_SNAPSHOT_RETENTION", "7"), ConfigFactory.empty());
    assertThat(config.get(HyperactorAttrs.TERMINATED_SNAPSHOT_RETENTION)).isEqualTo(7L);
  }

  @Test
  void envOverridesTheDefaultTransportEnum() {
    HyperactorConfig config =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_MESH_DEFAULT_TRANSPORT", "tcp"), ConfigFactory.empty());
    assertThat(config.get(HyperactorAttrs.DEFAULT_TRANSPORT)).isEqualTo(ChannelTransport.TCP);
    assertThat(config.layerOf(HyperactorAttrs.DEFAULT_TRANSPORT)).isEqualTo(ConfigLayer.ENV);
  }

  @Test
  void envOverridesAnOptionalDurationAndCanDisableIt() {
    HyperactorConfig set =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_MESH_ORPHAN_TIMEOUT", "5s"), ConfigFactory.empty());
    assertThat(set.get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT)).hasValue(Duration.ofSeconds(5));

    // Upstream: the empty string parses to None.
    HyperactorConfig empty =
        HyperactorConfig.load(Map.of("HYPERACTOR_MESH_ORPHAN_TIMEOUT", ""), ConfigFactory.empty());
    assertThat(empty.get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT)).isEmpty();

    HyperactorConfig none =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_MESH_ORPHAN_TIMEOUT", "none"), ConfigFactory.empty());
    assertThat(none.get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT)).isEmpty();
    assertThat(none.dump())
        .contains(new ConfigEntry("mesh_orphan_timeout", "none", ConfigLayer.ENV));
  }

  @Test
  void fileCanDisableAnOptionalDurationWithNull() {
    HyperactorConfig config = load(Map.of(), "hyperactor.mesh_orphan_timeout = null");
    assertThat(config.get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT)).isEqualTo(Optional.empty());
    assertThat(config.layerOf(HyperactorAttrs.MESH_ORPHAN_TIMEOUT)).isEqualTo(ConfigLayer.FILE);
  }

  @Test
  void badEnvValueFailsNamingVariableValueAndExpectation() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () ->
                HyperactorConfig.load(
                    Map.of("HYPERACTOR_CLEANUP_TIMEOUT", "soon"), ConfigFactory.empty()));
    assertThat(e.errors())
        .containsExactly(
            "environment variable HYPERACTOR_CLEANUP_TIMEOUT (key hyperactor.cleanup_timeout):"
                + " 'soon' is not a duration such as 500ms, 30s, 5m, 1h 30m or 5 seconds: expected"
                + " a number at position 0");
  }

  @Test
  void badEnumValueListsTheTransports() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () ->
                HyperactorConfig.load(
                    Map.of("HYPERACTOR_MESH_DEFAULT_TRANSPORT", "carrier-pigeon"),
                    ConfigFactory.empty()));
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0))
        .startsWith(
            "environment variable HYPERACTOR_MESH_DEFAULT_TRANSPORT (key"
                + " hyperactor.default_transport): 'carrier-pigeon' is not one of "
                + TRANSPORTS);
  }

  @Test
  void badBoolAndIntValuesSayWhatWasExpected() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () ->
                HyperactorConfig.load(
                    Map.of(
                        "HYPERACTOR_FORCE_FILE_LOG", "yes",
                        "HYPERACTOR_MESSAGE_TTL_DEFAULT", "300"),
                    ConfigFactory.empty()));
    assertThat(e.errors())
        .containsExactly(
            "environment variable HYPERACTOR_MESSAGE_TTL_DEFAULT (key"
                + " hyperactor.message_ttl_default): '300' is not an integer in [0, 255]",
            "environment variable HYPERACTOR_FORCE_FILE_LOG (key hyperactor.force_file_log):"
                + " 'yes' is not a boolean (true, false, 1 or 0)");
    assertThat(e)
        .hasMessageThat()
        .startsWith("Invalid hyperactor configuration, see the following 2 errors:\n1) ");
  }

  @Test
  void unknownHyperactorEnvVarIsAWarningNamingTheClosestKey() {
    HyperactorConfig config =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_CLEANUP_TIMOUT", "5s", "PATH", "/bin"), ConfigFactory.empty());
    assertThat(config.warnings())
        .containsExactly(
            "environment variable HYPERACTOR_CLEANUP_TIMOUT is not a hyperactor config key;"
                + " ignoring it (did you mean HYPERACTOR_CLEANUP_TIMEOUT, key"
                + " hyperactor.cleanup_timeout?)");
    assertThat(config.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void bootstrapVariablesAreNeitherKeysNorWarnings() {
    HyperactorConfig config =
        HyperactorConfig.load(
            Map.of(
                "HYPERACTOR_HOST_PROC_ID", "unix:@x,proc",
                "HYPERACTOR_HOST_BACKEND_ADDR", "unix:@b",
                "HYPERACTOR_HOST_CALLBACK_ADDR", "unix:@c",
                "HYPERACTOR_PROCESS_NAME", "p @ host"),
            ConfigFactory.empty());
    assertThat(config.warnings()).isEmpty();
    assertThat(config.dump().stream().map(ConfigEntry::name))
        .containsNoneOf("host_proc_id", "host_backend_addr", "host_callback_addr");
  }

  // ---------------------------------------------------------------- file validation

  @Test
  void unknownFileKeyFailsNamingTheClosestKey() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> load(Map.of(), "hyperactor { cleanup_timout = 5s }"));
    assertThat(e.errors())
        .containsExactly(
            "unknown key hyperactor.cleanup_timout (String: 1); did you mean"
                + " hyperactor.cleanup_timeout?");
  }

  @Test
  void malformedFileValueNamesKeyOriginValueAndExpectation() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> load(Map.of(), "hyperactor {\n  message_delivery_timeout = 30\n}"));
    assertThat(e.errors())
        .containsExactly(
            "hyperactor.message_delivery_timeout (String: 2): '30' is not a duration such as"
                + " 500ms, 30s, 5m, 1h 30m or 5 seconds: the number 30 has no unit (for example"
                + " 30s)");
  }

  @Test
  void wrongTypeInFileNamesKeyAndWhatWasExpected() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () ->
                load(
                    Map.of(),
                    "hyperactor { prefix_with_rank = [1, 2]\n split_max_buffer_size = {a = 1} }"));
    assertThat(e.errors())
        .containsExactly(
            "hyperactor.prefix_with_rank (String: 1): '[1,2]' is not a boolean (true, false, 1"
                + " or 0): got a list",
            "hyperactor.split_max_buffer_size (String: 2): '{\"a\":1}' is not an integer >= 0:"
                + " got an object");
  }

  @Test
  void nullForARequiredKeyIsAnError() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> load(Map.of(), "hyperactor.cleanup_timeout = null"));
    assertThat(e.errors().get(0))
        .isEqualTo(
            "hyperactor.cleanup_timeout (String: 1): null is not a duration such as 500ms, 30s,"
                + " 5m, 1h 30m or 5 seconds");
  }

  @Test
  void hyperactorMustBeAnObject() {
    ConfigValidationException e =
        assertThrows(ConfigValidationException.class, () -> load(Map.of(), "hyperactor = 5"));
    assertThat(e.errors())
        .containsExactly("hyperactor (String: 1): expected an object of config keys, got number");
  }

  @Test
  void everyProblemIsReportedTogether() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () ->
                load(
                    Map.of("HYPERACTOR_CLEANUP_TIMEOUT", "x"),
                    "hyperactor { bogus = 1, message_latency_sampling_rate = 2.5 }"));
    assertThat(e.errors()).hasSize(3);
    assertThat(e.errors().get(1)).startsWith("unknown key hyperactor.bogus");
    assertThat(e.errors().get(2))
        .isEqualTo(
            "hyperactor.message_latency_sampling_rate (String: 1): '2.5' is not a number in"
                + " [0.0, 1.0]");
  }

  @Test
  void otherApplicationRootsAreIgnored() {
    HyperactorConfig config = load(Map.of(), "myapp { anything = goes }");
    assertThat(config.dump().stream().allMatch(e -> e.layer() == ConfigLayer.DEFAULT)).isTrue();
  }

  @Test
  void fileAcceptsTypedHoconScalars() {
    HyperactorConfig config =
        load(
            Map.of(),
            """
            hyperactor {
              codec_max_frame_length = 1048576
              message_latency_sampling_rate = 0.5
              prefix_with_rank = false
              mesh_admin_addr = "127.0.0.1:9000"
              cleanup_timeout = 1h 30m
              proc_manager = local
            }
            """);
    assertThat(config.get(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH)).isEqualTo(1_048_576L);
    assertThat(config.get(HyperactorAttrs.MESSAGE_LATENCY_SAMPLING_RATE)).isEqualTo(0.5);
    assertThat(config.get(HyperactorAttrs.PREFIX_WITH_RANK)).isFalse();
    assertThat(config.get(HyperactorAttrs.MESH_ADMIN_ADDR)).isEqualTo("127.0.0.1:9000");
    assertThat(config.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.get(HyperactorAttrs.PROC_MANAGER)).isEqualTo(ProcManagerKind.LOCAL);
  }

  @Test
  void socketAddressMustBeAnIpAndPort() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> load(Map.of(), "hyperactor.mesh_admin_addr = \"localhost\""));
    assertThat(e.errors().get(0))
        .endsWith("'localhost' is not a socket address such as 0.0.0.0:1729 or [::]:1729");
  }

  // ---------------------------------------------------------------- runtime overrides

  @Test
  void runtimeOverrideByNameRejectsUnknownKeysWithClosestKey() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> config.set(Map.of("hyperactor.default_transprt", "tcp")));
    assertThat(e.errors())
        .containsExactly(
            "unknown key hyperactor.default_transprt (runtime override); did you mean"
                + " hyperactor.default_transport?");
    assertThat(config.get(HyperactorAttrs.DEFAULT_TRANSPORT)).isEqualTo(ChannelTransport.UNIX);
  }

  @Test
  void runtimeOverrideByNameAppliesNothingUnlessAllValid() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () ->
                config.set(
                    ImmutableMap.of("cleanup_timeout", "1s", "read_log_buffer", "lots")));
    assertThat(e.errors())
        .containsExactly(
            "hyperactor.read_log_buffer (runtime override): 'lots' is not an integer >= 0");
    assertThat(config.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));

    config.set(ImmutableMap.of("cleanup_timeout", "1s", "hyperactor.read_log_buffer", "5"));
    assertThat(config.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.get(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(5L);
  }

  @Test
  void typedRuntimeOverrideValidatesTheValue() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> config.set(HyperactorAttrs.MESSAGE_TTL_DEFAULT, 256L));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("hyperactor.message_ttl_default: '256' is not an integer in [0, 255]");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> config.set(HyperactorAttrs.CLEANUP_TIMEOUT, Duration.ofSeconds(-1)));
    assertThat(e).hasMessageThat().contains("hyperactor.cleanup_timeout: 'PT-1S'");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"}) // deliberately bypasses the generics
  void rawTypedOverrideWithWrongClassIsRejected() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    Attr raw = HyperactorAttrs.CLEANUP_TIMEOUT;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config.set(raw, "3s"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "hyperactor.cleanup_timeout: 3s is a java.lang.String, expected a duration such as"
                + " 500ms, 30s, 5m, 1h 30m or 5 seconds");
  }

  // ---------------------------------------------------------------- dump

  @Test
  void dumpListsEveryKeyWithValueAndLayer() {
    HyperactorConfig config =
        load(
            Map.of("HYPERACTOR_SPLIT_MAX_BUFFER_AGE", "1000ms"),
            "hyperactor.default_transport = tcp");
    config.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.empty());

    assertThat(config.dump()).hasSize(HyperactorAttrs.all().size());
    assertThat(config.dump())
        .containsAtLeast(
            new ConfigEntry("split_max_buffer_age", "1s", ConfigLayer.ENV),
            new ConfigEntry("cleanup_timeout", "3s", ConfigLayer.DEFAULT),
            new ConfigEntry("mesh_orphan_timeout", "none", ConfigLayer.RUNTIME),
            new ConfigEntry("default_transport", "tcp", ConfigLayer.FILE))
        .inOrder();
  }

  @Test
  void formatDumpIsAnAlignedTable() {
    HyperactorConfig config =
        load(Map.of("HYPERACTOR_CLEANUP_TIMEOUT", "300s"), "hyperactor.proc_launcher_kind = \"\"");
    String table = config.formatDump();
    String[] lines = table.split("\n");
    assertThat(lines).hasLength(HyperactorAttrs.all().size() + 1);
    assertThat(lines[0]).matches("key +value +layer");
    int valueColumn = lines[0].indexOf("value");
    int layerColumn = lines[0].indexOf("layer");
    for (String line : lines) {
      assertThat(line.charAt(valueColumn - 1)).isEqualTo(' ');
      assertThat(line.charAt(valueColumn)).isNotEqualTo(' ');
      assertThat(line.charAt(layerColumn)).isNotEqualTo(' ');
    }
    String width = String.valueOf(valueColumn);
    assertThat(table)
        .contains(String.format("%-" + width + "s%s", "cleanup_timeout", "5m"));
    assertThat(table).containsMatch("\ncleanup_timeout +5m +env\n");
    assertThat(table).containsMatch("\nproc_launcher_kind +\"\" +file\n");
    assertThat(table).containsMatch("\nmesh_orphan_timeout +1m +default\n");
  }

  @Test
  void allowedSubjectsTakeAHoconListOrASeparatedString() {
    HyperactorConfig list =
        load(Map.of(), "hyperactor.tls_allowed_subjects = [\"CN=host,O=Acme\", \"CN=client\"]");
    assertThat(list.get(HyperactorAttrs.TLS_ALLOWED_SUBJECTS))
        .containsExactly("CN=host,O=Acme", "CN=client")
        .inOrder();
    HyperactorConfig env =
        load(Map.of("HYPERACTOR_TLS_ALLOWED_SUBJECTS", "CN=host,O=Acme;CN=client"), "");
    assertThat(env.get(HyperactorAttrs.TLS_ALLOWED_SUBJECTS))
        .containsExactly("CN=host,O=Acme", "CN=client")
        .inOrder();
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> load(Map.of(), "hyperactor.tls_allowed_subjects = [\"CN=ok\", \"nonsense\"]"));
    assertThat(e).hasMessageThat().contains("tls_allowed_subjects");
    assertThat(e).hasMessageThat().contains("'nonsense' is not a distinguished name");
  }
}
