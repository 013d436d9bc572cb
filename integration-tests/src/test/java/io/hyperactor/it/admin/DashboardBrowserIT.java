package io.hyperactor.it.admin;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import io.hyperactor.ActorTree;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.ProcId;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.it.admin.DashboardItModule.Ping;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.testkit.HyperactorTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The mesh admin dashboard in a real browser: headless Chromium shows every proc and actor of a
 * mesh of forked proc JVMs, turns a SIGKILLed proc red without a page reload, lays itself out in
 * one column on a narrow window, and says "disconnected" when the server stops answering.
 *
 * <p>Screenshots land in {@code target/dashboard-screenshots/}. Skip by hand with {@code
 * -Dhyperactor.it.browser=false}; without the switch, a machine without Chromium fails the test
 * with what to install.
 */
@DisabledIfSystemProperty(named = "hyperactor.it.browser", matches = "false")
class DashboardBrowserIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final int RANKS = 3;
  private static final Duration ANSWER = Duration.ofSeconds(3);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          // JVMs starting on a loaded two-core machine take a while; the bound is for liveness.
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, TIMEOUT))
          .config(c -> c.set(HyperactorAttrs.PROC_SPAWN_MAX_IDLE, TIMEOUT))
          .config(c -> c.set(HyperactorAttrs.MESH_TAIL_LOG_LINES, 50L))
          .config(c -> c.set(HyperactorAttrs.MESH_ADMIN_ENABLED, true))
          .config(c -> c.set(HyperactorAttrs.MESH_ADMIN_ADDR, "127.0.0.1:0"))
          // The defaults (100 ms, 200 ms) are for a responsive mesh; on a loaded two-core machine
          // a live proc or actor may miss them and be shown unknown or unreachable for a refresh.
          .config(c -> c.set(HyperactorAttrs.MESH_ADMIN_QUERY_CHILD_TIMEOUT, ANSWER))
          .config(c -> c.set(HyperactorAttrs.MESH_ADMIN_RESOLVE_ACTOR_TIMEOUT, ANSWER))
          .config(c -> c.set(HyperactorAttrs.MESH_ADMIN_SINGLE_HOST_TIMEOUT, ANSWER))
          // The mesh's owner learns of the kill at its next supervision poll (10 s by default).
          .config(c -> c.set(HyperactorAttrs.SUPERVISION_POLL_FREQUENCY, Duration.ofSeconds(1)))
          .processWiring(ChannelTransport.UNIX, new DashboardItModule())
          .build();

  private @Nullable HeadlessChromium browser;

  @AfterEach
  void quitBrowser() {
    // Before the kit's own check after each test, which fails on leftover child processes.
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void dashboardShowsTheMeshAndAKilledProcWithoutReloading() throws Exception {
    HyperactorRuntime runtime = kit.runtime();
    MeshAdmin admin = runtime.meshAdmin().orElseThrow();
    ProcMesh procs = await(runtime.hostMesh().spawnProcs("workers", Extent.of("gpus", RANKS)));
    ActorMesh<Ping> workers = await(procs.spawn("worker", DashboardItModule.WORKER));
    ValueMesh<String> names =
        await(workers.<String>call(runtime.client(), Ping::new, TIMEOUT));
    assertThat(names.asList()).hasSize(RANKS);

    // The runtime's own list of the mesh's procs and their actors.
    Map<String, Set<String>> expected = new LinkedHashMap<>();
    Map<String, Long> pids = new LinkedHashMap<>();
    for (int rank = 0; rank < RANKS; rank++) {
      ProcId procId = procs.get(rank).orElseThrow().procId();
      ActorTree tree = await(runtime.system().actorTree(runtime.client(), procId));
      Set<String> actors = new TreeSet<>();
      tree.actors().forEach(e -> actors.add(e.actorId().toString()));
      // The worker answered with its actor's name, which the mesh suffixes.
      String worker = names.get(rank).orElseThrow();
      assertThat(worker).startsWith("worker");
      assertThat(actors).contains(procId.actorId(worker).toString());
      expected.put(procId.toString(), actors);
      pids.put(procId.toString(), tree.pid());
    }

    browser = HeadlessChromium.start(1280, 900);
    ChromeDriver driver = browser.driver();
    driver.get(admin.uri().toString());
    // A reload would drop this marker with the page's global object.
    String marker = UUID.randomUUID().toString();
    driver.executeScript("window.dashboardItMarker = arguments[0];", marker);

    Set<String> allActors = new TreeSet<>();
    expected.values().forEach(allActors::addAll);
    waitUntil(
        driver,
        "every proc and actor of the mesh is shown as running",
        () -> {
          Map<String, String> shownProcs = procRows(driver);
          Map<String, String> shownActors = actorRows(driver);
          return expected.keySet().stream().allMatch(p -> "running".equals(shownProcs.get(p)))
              && allActors.stream().allMatch(a -> "running".equals(shownActors.get(a)));
        });
    browser.screenshot(SCREENSHOTS.resolve("before-kill.png"));

    String victim = List.copyOf(expected.keySet()).get(1);
    ProcessHandle victimProcess = ProcessHandle.of(pids.get(victim)).orElseThrow();
    assertThat(victimProcess.destroyForcibly()).isTrue();
    victimProcess.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    waitUntil(
        driver,
        "the killed proc " + victim + " is shown failed or unreachable, the others running",
        () -> {
          Map<String, String> shown = procRows(driver);
          return Set.of("failed", "unreachable").contains(shown.get(victim))
              && expected.keySet().stream()
                  .filter(p -> !p.equals(victim))
                  .allMatch(p -> "running".equals(shown.get(p)));
        });
    // Still the page that was loaded first: the marker survived, one navigation only.
    assertThat(driver.executeScript("return window.dashboardItMarker;")).isEqualTo(marker);
    assertThat(driver.executeScript("return performance.getEntriesByType('navigation').length;"))
        .isEqualTo(1L);
    // The mesh reports its failed rank: the events panel shows it as it arrives.
    waitUntil(
        driver,
        "the events panel shows the supervision event of the killed proc",
        () ->
            Boolean.TRUE.equals(
                driver.executeScript(
                    "return Array.from(document.querySelectorAll('#events li'))"
                        + ".some(li => li.textContent.includes(arguments[0]));",
                    victim)));
    // The red rows: the failed proc, highlighted, and its status badge.
    assertThat(
            driver.executeScript(
                "const r = document.querySelector(`[data-proc-id=\"${CSS.escape(arguments[0])}\"]`);"
                    + " return getComputedStyle(r.querySelector('.status')).backgroundColor;",
                victim))
        .isEqualTo("rgb(198, 40, 40)");
    browser.screenshot(SCREENSHOTS.resolve("after-kill.png"));

    browser.resize(400, 900);
    waitUntil(
        driver,
        "the narrow window lays the page out in one column",
        () ->
            Boolean.TRUE.equals(
                driver.executeScript(
                    "const tree = document.querySelector('.tree-panel').getBoundingClientRect();"
                        + " const side = document.querySelector('.side').getBoundingClientRect();"
                        + " return side.top >= tree.bottom && side.left === tree.left"
                        + " && document.documentElement.scrollWidth <= window.innerWidth;")));
    browser.screenshot(SCREENSHOTS.resolve("narrow.png"));

    admin.close();
    waitUntil(
        driver,
        "the badge says disconnected once the server stops answering",
        () ->
            "disconnected"
                .equals(
                    driver.executeScript(
                        "return document.getElementById('connection').dataset.state;")));
    assertThat(driver.executeScript("return window.dashboardItMarker;")).isEqualTo(marker);
  }

  /** Status of every proc row by proc id, read in one script so that no row goes stale midway. */
  private static Map<String, String> procRows(ChromeDriver driver) {
    return rows(driver, "[data-proc-id]", "procId");
  }

  /** Status of every actor row by actor id. */
  private static Map<String, String> actorRows(ChromeDriver driver) {
    return rows(driver, "[data-actor-id]", "actorId");
  }

  private static Map<String, String> rows(ChromeDriver driver, String selector, String key) {
    Object answer =
        driver.executeScript(
            "return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(r => [r.dataset[arguments[1]], r.dataset.status]);",
            selector,
            key);
    Map<String, String> out = new LinkedHashMap<>();
    for (Object row : (List<?>) answer) {
      List<?> pair = (List<?>) row;
      out.put(String.valueOf(pair.get(0)), String.valueOf(pair.get(1)));
    }
    return out;
  }

  /** A condition the page reaches by itself, polled by the driver. */
  private interface PageCondition {
    boolean holds();
  }

  private static void waitUntil(ChromeDriver driver, String what, PageCondition condition) {
    new WebDriverWait(driver, TIMEOUT)
        .withMessage(() -> what + "; proc rows: " + procRows(driver))
        .until(d -> condition.holds());
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
