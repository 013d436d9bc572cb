package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.hyperactor.channel.ChannelTransport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

// Scoped overrides work by being open, so their try-with-resources variables go unread.
@SuppressWarnings("try")
class ChildConfigTest {

  private static HyperactorConfig parent() {
    HyperactorConfig parent =
        HyperactorConfig.load(
            Map.of(
                "HYPERACTOR_CLEANUP_TIMEOUT", "1500ms",
                "HYPERACTOR_TLS_CERT", "/parent/cert.pem"),
            ConfigFactory.parseString(
                "hyperactor { default_transport = tcp, message_latency_sampling_rate = 0.125 }"));
    parent.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.empty());
    parent.set(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, 123_456_789_012L);
    return parent;
  }

  @Test
  void childRestoresEveryPropagatingValueAndLayerExactly() {
    HyperactorConfig parent = parent();
    HyperactorConfig child = HyperactorConfig.restoreInChild(parent.serializeForChild(), Map.of());

    for (Attr<?> attr : HyperactorAttrs.all()) {
      if (attr.propagates()) {
        assertThat(child.get(attr)).isEqualTo(parent.get(attr));
        assertThat(child.layerOf(attr)).isEqualTo(parent.layerOf(attr));
      }
    }
    assertThat(child.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
    assertThat(child.get(HyperactorAttrs.DEFAULT_TRANSPORT)).isEqualTo(ChannelTransport.TCP);
    assertThat(child.get(HyperactorAttrs.MESSAGE_LATENCY_SAMPLING_RATE)).isEqualTo(0.125);
    assertThat(child.get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT)).isEmpty();
    assertThat(child.get(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH)).isEqualTo(123_456_789_012L);
  }

  @Test
  void serializingTheRestoredConfigGivesTheSameText() {
    String serialized = parent().serializeForChild();
    assertThat(HyperactorConfig.restoreInChild(serialized, Map.of()).serializeForChild())
        .isEqualTo(serialized);
  }

  @Test
  void openScopedOverridesTravelAsTestOverrides() {
    HyperactorConfig parent = HyperactorConfig.defaultsOnly();
    String serialized;
    try (ScopedOverride o = parent.override(HyperactorAttrs.READ_LOG_BUFFER, 9L)) {
      serialized = parent.serializeForChild();
    }
    HyperactorConfig child = HyperactorConfig.restoreInChild(serialized, Map.of());
    assertThat(child.get(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(9L);
    assertThat(child.layerOf(HyperactorAttrs.READ_LOG_BUFFER))
        .isEqualTo(ConfigLayer.TEST_OVERRIDE);
  }

  @Test
  void processLocalKeysStayHomeAndComeFromTheChildEnvironment() {
    String serialized = parent().serializeForChild();
    assertThat(serialized).doesNotContain("tls_cert");
    assertThat(serialized).doesNotContain("/parent/cert.pem");

    HyperactorConfig child =
        HyperactorConfig.restoreInChild(
            serialized,
            Map.of("HYPERACTOR_TLS_CERT", "/child/cert.pem", "HYPERACTOR_CLEANUP_TIMEOUT", "9s"));
    assertThat(child.get(HyperactorAttrs.TLS_CERT)).isEqualTo("/child/cert.pem");
    assertThat(child.layerOf(HyperactorAttrs.TLS_CERT)).isEqualTo(ConfigLayer.ENV);
    assertThat(child.get(HyperactorAttrs.TLS_KEY)).isEqualTo("/etc/hyperactor/tls/tls.key");
    // The child's own environment does not beat the parent's resolved value.
    assertThat(child.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void processLocalKeysAlsoComeFromTheChildSystemProperties() {
    Properties properties = new Properties();
    properties.setProperty("hyperactor.tls_key", "/child/property.key");
    properties.setProperty("hyperactor.tls_cert", "/child/property.pem");
    properties.setProperty("hyperactor.cleanup_timeout", "9s");
    HyperactorConfig child =
        HyperactorConfig.restoreInChild(
            parent().serializeForChild(),
            Map.of("HYPERACTOR_TLS_CERT", "/child/cert.pem"),
            properties);
    assertThat(child.get(HyperactorAttrs.TLS_KEY)).isEqualTo("/child/property.key");
    // Within the environment layer, the system property beats the variable.
    assertThat(child.get(HyperactorAttrs.TLS_CERT)).isEqualTo("/child/property.pem");
    assertThat(child.layerOf(HyperactorAttrs.TLS_CERT)).isEqualTo(ConfigLayer.ENV);
    assertThat(child.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void malformedTextFailsNamingTheVariable() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> HyperactorConfig.restoreInChild("{not json", Map.of()));
    assertThat(e.errors().get(0))
        .startsWith("serialized configuration (HYPERACTOR_CONFIG) is not valid JSON: ");
  }

  @Test
  void unknownMissingAndInvalidEntriesAreAllReported() {
    String serialized =
        parent()
            .serializeForChild()
            .replace("\"cleanup_timeout\"", "\"cleanup_timout\"")
            .replace("\"value\":\"tcp\"", "\"value\":\"smoke-signal\"")
            .replace("\"layer\":\"FILE\"", "\"layer\":\"CLOUD\"");
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> HyperactorConfig.restoreInChild(serialized, Map.of()));
    assertThat(e.errors())
        .containsAtLeast(
            "unknown key hyperactor.cleanup_timout (serialized configuration"
                + " (HYPERACTOR_CONFIG)); did you mean hyperactor.cleanup_timeout?",
            "serialized configuration (HYPERACTOR_CONFIG) lacks the key"
                + " hyperactor.cleanup_timeout",
            "serialized configuration (HYPERACTOR_CONFIG): hyperactor.default_transport has"
                + " layer 'CLOUD', expected one of [DEFAULT, CLIENT_OVERRIDE, FILE, RUNTIME, ENV,"
                + " TEST_OVERRIDE]");
  }

  @Test
  void invalidValueIsNamed() {
    String serialized =
        HyperactorConfig.defaultsOnly()
            .serializeForChild()
            .replace("\"value\":\"unix\"", "\"value\":\"smoke-signal\"");
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> HyperactorConfig.restoreInChild(serialized, Map.of()));
    assertThat(e.errors())
        .containsExactly(
            "serialized configuration (HYPERACTOR_CONFIG): hyperactor.default_transport:"
                + " 'smoke-signal' is not one of "
                + HyperactorConfigTest.TRANSPORTS);
  }

  @Test
  void processLocalKeyInTheTextIsRejected() {
    String serialized =
        HyperactorConfig.defaultsOnly()
            .serializeForChild()
            .replace("\"entries\":{", "\"entries\":{\"tls_key\":{\"value\":\"k\",\"layer\":\"ENV\"},");
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> HyperactorConfig.restoreInChild(serialized, Map.of()));
    assertThat(e.errors())
        .containsExactly(
            "serialized configuration (HYPERACTOR_CONFIG) holds the process-local key"
                + " hyperactor.tls_key, which must not propagate");
  }

  @Test
  void otherFormatVersionIsRejected() {
    String serialized =
        HyperactorConfig.defaultsOnly().serializeForChild().replace("\"format\":2", "\"format\":1");
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> HyperactorConfig.restoreInChild(serialized, Map.of()));
    assertThat(e.errors())
        .containsExactly(
            "serialized configuration (HYPERACTOR_CONFIG) has format 1, expected 2 (parent and"
                + " child run different releases)");
  }
}
