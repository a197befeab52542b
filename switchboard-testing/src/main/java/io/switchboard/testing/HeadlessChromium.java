package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver} packages) driven by
 * Selenium, with a fresh profile that is deleted on {@link #close()}.
 *
 * <p>Both binaries are given by path so Selenium Manager never runs (it would try to download a
 * driver, and this machine has no internet). The background-networking flags keep Chromium from
 * stalling on update and sync requests that can never succeed offline.
 *
 * <p>Not thread-safe: one test thread drives one instance.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Skips the calling test (loudly) when Chromium or chromedriver is missing, or fails it when the
     * environment variable {@code CI} is {@code true}: on CI a missing browser is a broken build
     * image, not a reason to pass silently.
     */
    public static void assumeInstalled() {
        boolean chromium = Files.isExecutable(CHROMIUM);
        boolean driver = Files.isExecutable(CHROMEDRIVER);
        if (chromium && driver) {
            return;
        }
        String message = "browser test needs " + (chromium ? "" : CHROMIUM + " (apt-get install chromium) ")
                + (driver ? "" : CHROMEDRIVER + " (apt-get install chromium-driver)");
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        System.err.println();
        System.err.println("!!!!!!!! SKIPPING BROWSER TEST: " + message + " !!!!!!!!");
        System.err.println();
        Assumptions.abort(message);
    }

    /** Starts a browser whose window (and so its CSS viewport) is {@code width} by {@code height}. */
    public static HeadlessChromium start(int width, int height) {
        return start(width, height, options -> {});
    }

    /**
     * Like {@link #start(int, int)}, with a last say over the options: {@code extra} runs after the
     * defaults are set, so it can add arguments or replace a capability (for example
     * {@code goog:loggingPrefs} to also keep the {@code performance} log of DevTools events).
     */
    public static HeadlessChromium start(int width, int height, Consumer<ChromeOptions> extra) {
        Path profile;
        try {
            profile = Files.createTempDirectory("switchboard-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--lang=en-US",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        // Keep the page's console so a test can fail on script errors.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        extra.accept(options);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        try {
            return new HeadlessChromium(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Lets one browser serve several tests: closes every tab and continues in a new blank one, so a
     * test starts with no page of the last one still connected and with a fresh sessionStorage
     * (which is per tab). localStorage is per origin and outlives tabs; {@link ChatPage#open}
     * clears it. The console entries collected so far are dropped once the old tabs are gone, so
     * what the last test's page logged (for example its failed requests after its server stopped)
     * is not read as the next test's script errors.
     */
    public void freshTab() {
        String fresh = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(fresh)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(fresh);
        dropConsole();
    }

    /**
     * Sends the current tab to {@code about:blank}, so its page disconnects, and drops the console
     * entries collected so far. Cheaper than {@link #freshTab()} (no new renderer process), but
     * sessionStorage of an origin the tab visited stays.
     */
    public void blank() {
        driver.get("about:blank");
        dropConsole();
    }

    /** Reading the browser log empties it. */
    private void dropConsole() {
        driver.manage().logs().get(LogType.BROWSER);
    }

    /**
     * Emulates a phone-sized viewport. Headless Chromium will not make a window narrower than
     * 500 px, so narrow layouts need device-metrics emulation rather than a window size.
     */
    public void emulateViewport(int width, int height, double deviceScaleFactor) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width", width,
                        "height", height,
                        "deviceScaleFactor", deviceScaleFactor,
                        "mobile", true));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp profile is harmless; do not hide the test's own outcome.
        }
    }
}
