package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

// Scoped overrides work by being open, so their try-with-resources variables go unread.
@SuppressWarnings("try")
class ScopedOverrideTest {

  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();

  @Test
  void nestedOverridesRestoreInLifoOrder() {
    Attr<Duration> key = HyperactorAttrs.CLEANUP_TIMEOUT;
    try (ScopedOverride outer = config.override(key, Duration.ofSeconds(1))) {
      assertThat(config.get(key)).isEqualTo(Duration.ofSeconds(1));
      assertThat(config.layerOf(key)).isEqualTo(ConfigLayer.TEST_OVERRIDE);
      try (ScopedOverride inner = config.override(key, Duration.ofSeconds(2))) {
        assertThat(config.get(key)).isEqualTo(Duration.ofSeconds(2));
      }
      assertThat(config.get(key)).isEqualTo(Duration.ofSeconds(1));
    }
    assertThat(config.get(key)).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.layerOf(key)).isEqualTo(ConfigLayer.DEFAULT);
  }

  @Test
  void closingRestoresTheLayerBelowNotJustTheDefault() {
    HyperactorConfig loaded =
        HyperactorConfig.load(
            Map.of("HYPERACTOR_READ_LOG_BUFFER", "7"), com.typesafe.config.ConfigFactory.empty());
    try (ScopedOverride o = loaded.override(HyperactorAttrs.READ_LOG_BUFFER, 9L)) {
      assertThat(loaded.get(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(9L);
    }
    assertThat(loaded.get(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(7L);
    assertThat(loaded.layerOf(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(ConfigLayer.ENV);
  }

  @Test
  void overridesOfDifferentKeysNestIndependently() {
    try (ScopedOverride a = config.override(HyperactorAttrs.PREFIX_WITH_RANK, false);
        ScopedOverride b = config.override(Map.of("tail_log_lines", "10"))) {
      assertThat(config.get(HyperactorAttrs.PREFIX_WITH_RANK)).isFalse();
      assertThat(config.get(HyperactorAttrs.MESH_TAIL_LOG_LINES)).isEqualTo(10L);
    }
    assertThat(config.get(HyperactorAttrs.PREFIX_WITH_RANK)).isTrue();
    assertThat(config.get(HyperactorAttrs.MESH_TAIL_LOG_LINES)).isEqualTo(100L);
  }

  @Test
  void closingOutOfOrderFailsLoudlyAndChangesNothing() {
    Attr<Long> key = HyperactorAttrs.READ_LOG_BUFFER;
    ScopedOverride outer = config.override(key, 1L);
    ScopedOverride inner = config.override(HyperactorAttrs.FORCE_FILE_LOG, true);

    IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "scoped override of [hyperactor.read_log_buffer] closed out of order: the newer"
                + " override of [hyperactor.force_file_log] is still open; close overrides in"
                + " reverse order of opening (try-with-resources)");
    assertThat(config.get(key)).isEqualTo(1L);
    assertThat(config.get(HyperactorAttrs.FORCE_FILE_LOG)).isTrue();

    inner.close();
    outer.close();
    assertThat(config.get(key)).isEqualTo(100L);
    assertThat(config.get(HyperactorAttrs.FORCE_FILE_LOG)).isFalse();
  }

  @Test
  void closingTwiceIsANoOp() {
    ScopedOverride o = config.override(HyperactorAttrs.READ_LOG_BUFFER, 1L);
    o.close();
    o.close();
    assertThat(config.get(HyperactorAttrs.READ_LOG_BUFFER)).isEqualTo(100L);
  }

  @Test
  void permanentSetUnderAnOpenScopeShowsWhenTheScopeCloses() {
    Attr<Duration> key = HyperactorAttrs.STOP_ACTOR_TIMEOUT;
    try (ScopedOverride o = config.override(key, Duration.ofSeconds(1))) {
      config.set(key, Duration.ofSeconds(2));
      assertThat(config.get(key)).isEqualTo(Duration.ofSeconds(1));
    }
    assertThat(config.get(key)).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.layerOf(key)).isEqualTo(ConfigLayer.RUNTIME);
  }

  @Test
  void invalidScopedOverrideByNameOpensNothing() {
    ConfigValidationException e =
        assertThrows(
            ConfigValidationException.class,
            () -> config.override(Map.of("mesh_orphan_timeout", "sometime")));
    assertThat(e.errors())
        .containsExactly(
            "hyperactor.mesh_orphan_timeout (runtime override): 'sometime' is not a duration such"
                + " as 500ms, 30s, 5m, 1h 30m or 5 seconds: expected a number at position 0, or"
                + " none to disable");
    // Nothing was pushed, so a fresh override closes cleanly.
    config.override(HyperactorAttrs.READ_LOG_BUFFER, 3L).close();
  }

  @Test
  void otherThreadsSeeAnOpenOverrideAndItsRestore() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Attr<Long> key = HyperactorAttrs.SPLIT_MAX_BUFFER_SIZE;
      CountDownLatch opened = new CountDownLatch(1);
      CompletableFuture<Long> seen =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  if (!opened.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("override never opened");
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
                return config.get(key);
              },
              executor);
      try (ScopedOverride o = config.override(key, 42L)) {
        opened.countDown();
        assertThat(seen.get(30, TimeUnit.SECONDS)).isEqualTo(42L);
      }
      assertThat(CompletableFuture.supplyAsync(() -> config.get(key), executor)
              .get(30, TimeUnit.SECONDS))
          .isEqualTo(5L);
    } finally {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
