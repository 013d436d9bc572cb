package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.common.collect.ImmutableSet;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@code reference.conf} and {@code docs/configuration.md} agree with the registry.
 * With {@code -Dhyperactor.build.regenerate=true} it rewrites both from the registry first.
 */
class ConfigReferenceTest {

  private static final String HOW_TO_FIX =
      " disagrees with io.hyperactor.config.HyperactorAttrs; regenerate it from the repository"
          + " root with:\n  "
          + ConfigReferenceGenerator.REGENERATE_COMMAND
          + "\n";

  static Path root() {
    String property = System.getProperty("hyperactor.build.root");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    // Surefire runs in the module directory.
    return Path.of("").toAbsolutePath().getParent();
  }

  @BeforeAll
  static void regenerateWhenAsked() throws IOException {
    if (Boolean.getBoolean("hyperactor.build.regenerate")) {
      ConfigReferenceGenerator.writeAll(root());
    }
  }

  @Test
  void referenceConfOnTheClasspathHasEveryKeyWithItsDefault() {
    Config reference = ConfigFactory.parseResources("reference.conf").resolve();
    Config hyperactor = reference.getConfig(Attr.ROOT);
    ImmutableSet<String> names =
        hyperactor.root().keySet().stream().collect(ImmutableSet.toImmutableSet());
    ImmutableSet<String> registry =
        HyperactorAttrs.all().stream().map(Attr::name).collect(ImmutableSet.toImmutableSet());
    assertWithMessage("keys of reference.conf" + HOW_TO_FIX).that(names).isEqualTo(registry);

    for (Map.Entry<String, ConfigValue> entry : hyperactor.root().entrySet()) {
      Attr<?> attr = HyperactorAttrs.byName(entry.getKey()).orElseThrow();
      // Parsed as a file value would be, without going through a load: loading would warn about
      // every reserved key it sets.
      List<String> errors = new ArrayList<>();
      Object parsed =
          ConfigReader.readHocon(
                  ConfigFactory.parseMap(
                      Map.of(
                          attr.hoconPath(),
                          entry.getValue().unwrapped() == null
                              ? "none"
                              : entry.getValue().unwrapped())),
                  errors)
              .get(attr);
      assertWithMessage("errors parsing the default of %s", attr.hoconPath())
          .that(errors)
          .isEmpty();
      assertWithMessage("default of %s in reference.conf%s", attr.hoconPath(), HOW_TO_FIX)
          .that(parsed)
          .isEqualTo(attr.defaultValue());
      assertWithMessage("comment on %s in reference.conf", attr.hoconPath())
          .that(String.join(" ", entry.getValue().origin().comments()))
          .contains(attr.envVar());
    }
  }

  @Test
  void referenceConfLoadsAsDefaultsWithoutWarningsOrErrors() {
    HyperactorConfig config = HyperactorConfig.load(Map.of(), ConfigFactory.load());
    assertThat(config.warnings()).isEmpty();
    for (ConfigEntry entry : config.dump()) {
      assertThat(entry.layer()).isEqualTo(ConfigLayer.DEFAULT);
    }
  }

  @Test
  void committedReferenceConfIsTheGeneratedOne() throws IOException {
    Path file = root().resolve(ConfigReferenceGenerator.REFERENCE_CONF);
    assertWithMessage("%s%s", file, HOW_TO_FIX)
        .that(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(ConfigReferenceGenerator.referenceConf());
  }

  @Test
  void committedConfigurationDocIsTheGeneratedOne() throws IOException {
    Path file = root().resolve(ConfigReferenceGenerator.CONFIGURATION_MD);
    assertWithMessage("%s exists%s", file, HOW_TO_FIX).that(Files.exists(file)).isTrue();
    assertWithMessage("%s%s", file, HOW_TO_FIX)
        .that(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(ConfigReferenceGenerator.markdown());
  }

  @Test
  void docMentionsEveryKeyVariableAndDefault() {
    String doc = ConfigReferenceGenerator.markdown();
    for (Attr<?> attr : HyperactorAttrs.all()) {
      assertThat(doc).contains("| `" + attr.hoconPath() + "` | `" + attr.envVar() + "` |");
    }
    assertThat(doc).contains("| `hyperactor.cleanup_timeout` | `HYPERACTOR_CLEANUP_TIMEOUT` |"
        + " duration | `3s` | yes |");
  }
}
