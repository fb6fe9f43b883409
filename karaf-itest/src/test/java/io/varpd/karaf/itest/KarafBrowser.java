// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.karaf.itest;

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
 * A headless Chromium looking at Karaf's web console as an operator does: Debian's {@code chromium} and
 * {@code chromedriver} driven by Selenium, a fresh profile per browser, the same approach as itest's browser tests
 * (io.varpd.itest.browser.Browser).
 *
 * <p>It logs in the way a person's browser stays logged in: the first visit carries the Karaf user's credentials in the
 * URL, Chromium answers the console's 401 with them and keeps them for that origin, and every later page, form and
 * script of the console is sent with them.
 *
 * <p>Nothing is downloaded: driver and browser are named explicitly (Selenium Manager is never asked). Without the
 * Debian packages the calling test is skipped with a message saying so ({@code .ci/run} installs them). Screenshots go
 * to {@code target/screenshots/}.
 */
final class KarafBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Surefire runs in the module folder: {@code karaf-itest/target/screenshots}. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    /** Selenium warns when it has no DevTools binding of the browser's version; none is used here. */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private KarafBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test, saying what is missing, where the Debian packages are absent. */
    static void assumeInstalled() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            Assumptions.assumeTrue(
                    Files.isExecutable(p),
                    () -> "browser test skipped: no " + p
                            + " (Debian packages chromium and chromium-driver; .ci/run installs them)");
        }
    }

    /** Starts a browser; {@code name} names its driver log in {@code target/screenshots/}. */
    static KarafBrowser start(String name) throws IOException {
        assumeInstalled();
        Files.createDirectories(SCREENSHOTS);
        Path profile = Files.createTempDirectory("varpd-karaf-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start; the rest
        // keep Chromium from reaching out and from sharing anything with another run.
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
        return new KarafBrowser(driver, profile);
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Logs in to the console at {@code base} (http://127.0.0.1:port) as {@code user}, opening the varpd page, and
     * checks that the login is kept without credentials in the URL.
     */
    void logIn(String base, String user, String password) {
        String host = base.substring("http://".length());
        driver.get("http://" + user + ":" + password + "@" + host + "/system/console/varpd");
        await(
                "the varpd page once logged in",
                d -> !d.findElements(By.id("varpd-statline")).isEmpty());
        driver.get(base + "/system/console/varpd");
        await(
                "the varpd page without credentials in the URL",
                d -> !d.findElements(By.id("varpd-statline")).isEmpty());
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits up to 30 s for {@code done} to answer non-null/true; the failure names {@code what}. */
    <T> T await(String what, Function<WebDriver, T> done) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(200))
                    .withMessage(() -> what + "; page " + driver.getCurrentUrl() + " shows:\n" + text())
                    .until(done);
        } catch (TimeoutException e) {
            screenshot("FAILED-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    /** Replaces what the visible form field {@code name} holds, as a person types it. */
    void type(String name, String value) {
        WebElement field = await("the form's field " + name, d -> {
            for (WebElement f : d.findElements(By.name(name))) {
                if (f.isDisplayed()) {
                    return f;
                }
            }
            return null;
        });
        field.clear();
        field.sendKeys(value);
    }

    /** The text of the last table row whose cell is exactly {@code cell}, or null. */
    String row(String cell) {
        List<WebElement> rows = driver.findElements(By.xpath("//tr[td[normalize-space(.)='" + cell + "']]"));
        return rows.isEmpty() ? null : rows.get(rows.size() - 1).getText();
    }

    /** The visible text of the page (what a person reads). */
    String text() {
        List<WebElement> body = driver.findElements(By.tagName("body"));
        return body.isEmpty() ? "(no body)" : body.get(0).getText();
    }

    /** Writes the window as {@code target/screenshots/<name>.png}. */
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
