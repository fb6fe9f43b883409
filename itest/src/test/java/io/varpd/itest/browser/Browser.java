// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.browser;

import io.varpd.itest.process.RuntimeProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the browser tests: Debian's {@code chromium} driven through Debian's {@code chromedriver} by
 * Selenium, with a fresh profile of its own.
 *
 * <p>Theory. The tests look at the console the way an operator does, so the browser is a real one and it logs in the
 * way a person's browser stays logged in: the first visit of each realm (the console's "OSGi Management Console", the
 * API's "varpd API") carries the credentials in the URL, Chromium answers the 401 with them and keeps them in its HTTP
 * auth cache; from then on it sends them by itself to that origin, for every page, form and script, whoever asked for
 * the request. That ambient login is exactly what a page from another origin tries to abuse.
 *
 * <p>Nothing is downloaded: the driver and the browser are named explicitly, so Selenium Manager (which would fetch a
 * driver) is never asked. Where the Debian packages are not installed the tests are skipped with a message saying so
 * ({@code .ci/run} installs them).
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Surefire runs in the module folder: {@code itest/target/screenshots}. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    /**
     * Selenium looks for a DevTools binding of the browser's exact version when a driver starts and warns when it has
     * none; these tests use no DevTools binding. Kept here so the level holds (java.util.logging keeps loggers weakly).
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test, saying what is missing, where the Debian packages are absent. */
    static void assumeInstalled() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            Assumptions.assumeTrue(
                    Files.isExecutable(p),
                    () -> "browser test skipped: no " + p
                            + " (Debian packages chromium and chromium-driver; .ci/run installs them:"
                            + " apt-get install chromium chromium-driver)");
        }
    }

    /** Starts a browser; {@code name} names its driver log, {@code target/screenshots/chromedriver-<name>.log}. */
    static Browser start(String name) throws IOException {
        assumeInstalled();
        Files.createDirectories(SCREENSHOTS);
        Path profile = Files.createTempDirectory("varpd-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start. The rest
        // keep Chromium from reaching out (updates, sync, field trials, QUIC probes) and from
        // sharing anything with another run.
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(
                        SCREENSHOTS.resolve("chromedriver-" + name + ".log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Logs in to the console and the API of {@code varpd} as its operator (user admin), so that the browser holds both
     * logins, as after a person typed them into the two prompts.
     */
    void logIn(RuntimeProcess varpd) {
        runtime = varpd;
        String credentials = "admin:" + varpd.password() + "@";
        driver.get("http://" + credentials + "127.0.0.1:" + varpd.port() + "/varpd/api/overlays");
        await("the API answers once logged in", d -> d.getPageSource().contains("\"link\""));
        driver.get("http://" + credentials + "127.0.0.1:" + varpd.port() + "/system/console/varpd");
        await(
                "the console's varpd page once logged in",
                d -> !d.findElements(By.id("content")).isEmpty());
        // The login is kept: the same page without credentials in the URL is served.
        open(varpd, "/system/console/varpd");
        await(
                "the console without credentials in the URL",
                d -> !d.findElements(By.id("content")).isEmpty());
    }

    /** Opens {@code path} on {@code varpd}'s HTTP port, without credentials in the URL. */
    void open(RuntimeProcess varpd, String path) {
        runtime = varpd;
        driver.get("http://127.0.0.1:" + varpd.port() + path);
    }

    void open(String url) {
        driver.get(url);
    }

    /** The runtime last logged in to or opened, whose log a failure shows. */
    private RuntimeProcess runtime;

    private String runtimeLogTail() {
        if (runtime == null) {
            return "(none)";
        }
        java.util.List<String> lines = runtime.log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Waits up to 45 s (a loaded machine) for {@code done} to answer non-null/true; the failure names {@code what}. */
    <T> T await(String what, Function<WebDriver, T> done) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(45), Duration.ofMillis(100))
                    .withMessage(() -> what + "; page " + driver.getCurrentUrl() + " shows:\n" + text()
                            + "\n--- the runtime's log (tail) ---\n" + runtimeLogTail())
                    .until(done);
        } catch (TimeoutException e) {
            screenshot("FAILED-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    /** The visible text of the page (what a person reads). */
    String text() {
        List<WebElement> body = driver.findElements(By.tagName("body"));
        return body.isEmpty() ? "(no body)" : body.get(0).getText();
    }

    /** Writes the window as {@code target/screenshots/<name>.png} and answers the file. */
    Path screenshot(String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> all = Files.walk(profile)) {
                all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
