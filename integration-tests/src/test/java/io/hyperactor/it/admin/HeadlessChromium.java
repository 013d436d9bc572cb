package io.hyperactor.it.admin;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium, headless, driven through the system's chromedriver: one browser owned by
 * one test, which {@link #close()} quits (chromedriver ends its Chromium processes) before the
 * fresh profile directory is deleted.
 *
 * <p>Both binaries are named explicitly, so Selenium Manager never looks for (or downloads) a
 * browser or a driver. Their paths default to Debian's and can be moved with the system properties
 * {@code hyperactor.it.chromium} and {@code hyperactor.it.chromedriver}.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getProperty("hyperactor.it.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("hyperactor.it.chromedriver", "/usr/bin/chromedriver"));

  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium with a window of {@code width} x {@code height} CSS pixels. */
  static HeadlessChromium start(int width, int height) throws IOException {
    for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      checkState(
          Files.isExecutable(binary),
          "%s is not installed; install it with `apt-get install chromium chromium-driver`"
              + " (or skip the browser test with -Dhyperactor.it.browser=false)",
          binary);
    }
    Path profile = Files.createTempDirectory("hyperactor-it-chromium-");
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      HeadlessChromium browser = new HeadlessChromium(driver, profile);
      browser.resize(width, height);
      return browser;
    } catch (RuntimeException e) {
      service.stop();
      deleteProfile(profile, e);
      throw e;
    }
  }

  /** The driver, for the test's queries and waits. */
  ChromeDriver driver() {
    return driver;
  }

  /** Resizes the window to {@code width} x {@code height} CSS pixels. */
  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a screenshot of the viewport as PNG to {@code file}, creating its directory. */
  void screenshot(Path file) throws IOException {
    Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.move(png, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Quits the browser and its chromedriver, then deletes the profile. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteProfile(profile, null);
    }
  }

  private static void deleteProfile(Path profile, @Nullable Exception pending) {
    try {
      MoreFiles.deleteRecursively(profile, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      if (pending != null) {
        pending.addSuppressed(e);
      } else {
        throw new IllegalStateException("cannot delete Chromium's profile " + profile, e);
      }
    }
  }
}
