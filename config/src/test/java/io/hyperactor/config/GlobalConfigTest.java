package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GlobalConfigTest {

  @Test
  void globalIsLoadedOnceAndCannotBeReplacedAfterwards() {
    HyperactorConfig first = HyperactorConfig.global();
    assertThat(HyperactorConfig.global()).isSameInstanceAs(first);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> HyperactorConfig.initializeGlobal(HyperactorConfig.defaultsOnly()));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "the global hyperactor configuration is already initialized; call initializeGlobal"
                + " before anything reads HyperactorConfig.global()");
  }

  @Test
  void processWithoutChildConfigReadsEnvironmentSystemPropertiesAndApplicationFile() {
    Properties properties = new Properties();
    properties.setProperty("hyperactor.stop_actor_timeout", "7 seconds");
    HyperactorConfig config =
        HyperactorConfig.loadProcess(
            Map.of("HYPERACTOR_CLEANUP_TIMEOUT", "2s"),
            properties,
            () -> ConfigFactory.parseString("hyperactor.read_log_buffer = 3"));
    assertThat(config.get(HyperactorAttrs.CLEANUP_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.get(HyperactorAttrs.STOP_ACTOR_TIMEOUT)).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.layerOf(HyperactorAttrs.STOP_ACTOR_TIMEOUT)).isEqualTo(ConfigLayer.ENV);
    assertThat(config.get(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(3L);
  }

  @Test
  void childProcessRestoresTheParentConfigurationFromItsEnvironment() {
    HyperactorConfig parent = HyperactorConfig.defaultsOnly();
    parent.set(HyperactorAttrs.READ_LOG_BUFFER, 11L);
    Properties properties = new Properties();
    properties.setProperty("hyperactor.read_log_buffer", "5");
    HyperactorConfig child =
        HyperactorConfig.loadProcess(
            Map.of(HyperactorConfig.CHILD_CONFIG_ENV, parent.serializeForChild()),
            properties,
            () -> ConfigFactory.parseString("hyperactor.read_log_buffer = 3"));
    assertThat(child.get(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(11L);
    assertThat(child.layerOf(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(ConfigLayer.RUNTIME);
  }

  @Test
  void unreadableApplicationFileIsAValidationError() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () ->
                HyperactorConfig.loadProcess(
                    Map.of(),
                    new Properties(),
                    () -> {
                      throw new ConfigException.IO(
                          ConfigFactory.empty().origin(), "config.file /nope.conf not found");
                    }));
    assertThat(e.errors().get(0)).startsWith("application file: ");
    assertThat(e.errors().get(0)).contains("config.file /nope.conf not found");
  }
}
