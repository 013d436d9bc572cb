package io.hyperactor.it.admin;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard against an admin server with {@code mesh_admin_token} set: the page passes the
 * {@code token} of its own URL on to the tree, node and event-stream requests, and without it
 * shows the server's 401 answer. In-JVM procs suffice here, so the mesh starts quickly.
 */
@DisabledIfSystemProperty(named = "hyperactor.it.browser", matches = "false")
class DashboardTokenBrowserIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TOKEN = "dashboard-it-token";

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .config(c -> c.set(HyperactorAttrs.MESH_ADMIN_ENABLED, true))
          .config(c -> c.set(HyperactorAttrs.MESH_ADMIN_ADDR, "127.0.0.1:0"))
          .config(c -> c.set(HyperactorAttrs.MESH_ADMIN_TOKEN, TOKEN))
          .localWiring(ChannelTransport.LOCAL, new DashboardItModule())
          .build();

  private @Nullable HeadlessChromium browser;

  @AfterEach
  void quitBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theTokenOfThePageUrlIsPassedOnToEveryApiCall() throws Exception {
    HyperactorRuntime runtime = kit.runtime();
    MeshAdmin admin = runtime.meshAdmin().orElseThrow();
    ProcMesh procs =
        runtime
            .hostMesh()
            .spawnProcs("tokened", Extent.of("gpus", 1))
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    String procId = procs.get(0).orElseThrow().procId().toString();

    browser = HeadlessChromium.start(1280, 900);
    ChromeDriver driver = browser.driver();

    driver.get(admin.uri().resolve("/?token=" + TOKEN).toString());
    waitUntil(
        driver,
        "the proc row, the details of a node and the live event stream, all with the token",
        () ->
            Boolean.TRUE.equals(
                driver.executeScript(
                    "const row = document.querySelector(`[data-proc-id=\"${CSS.escape(arguments[0])}\"]`);"
                        + " if (!row) return false;"
                        + " if (!window.dashboardItClicked) { row.click(); window.dashboardItClicked = true; }"
                        + " return document.querySelector('#details .kv') !== null"
                        + " && document.getElementById('events-state').textContent.includes('live')"
                        + " && document.getElementById('connection').dataset.state === 'connected'"
                        + " && document.getElementById('error').hidden;",
                    procId)));
    // Every API request the page made so far, with the token it carried.
    Object requests =
        driver.executeScript(
            "return performance.getEntriesByType('resource')"
                + ".map(e => new URL(e.name))"
                + ".filter(u => u.pathname.startsWith('/v1/'))"
                + ".map(u => u.pathname + ' token=' + u.searchParams.get('token'));");
    List<String> calls = ((List<?>) requests).stream().map(String::valueOf).toList();
    assertThat(calls).isNotEmpty();
    assertThat(calls.stream().filter(c -> c.startsWith("/v1/nodes/")).toList()).isNotEmpty();
    for (String call : calls) {
      assertThat(call).endsWith(" token=" + TOKEN);
    }

    driver.get(admin.uri().toString());
    waitUntil(
        driver,
        "the page without the token shows the server's 401 answer",
        () ->
            Boolean.TRUE.equals(
                driver.executeScript(
                    "const e = document.getElementById('error');"
                        + " return !e.hidden && e.textContent.includes('401');")));
    assertThat(driver.executeScript("return document.querySelectorAll('[data-proc-id]').length;"))
        .isEqualTo(0L);
  }

  /** A condition the page reaches by itself, polled by the driver. */
  private interface PageCondition {
    boolean holds();
  }

  private static void waitUntil(ChromeDriver driver, String what, PageCondition condition) {
    new WebDriverWait(driver, TIMEOUT).withMessage(() -> what).until(d -> condition.holds());
  }
}
