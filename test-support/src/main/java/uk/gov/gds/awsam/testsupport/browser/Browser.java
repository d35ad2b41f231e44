package uk.gov.gds.awsam.testsupport.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.testsupport.DebianPackages;

/**
 * A real headless Chromium driven by Selenium through chromedriver, both Debian's packages ({@code chromium},
 * {@code chromium-driver}), installed with apt-get when missing (as root, or with passwordless sudo). Started with a
 * fresh profile and every background connection turned off (this machine's network refuses them). Carries the
 * axe-core accessibility engine into the page on demand ({@link #accessibilityViolations()}).
 *
 * <pre>
 * try (Browser browser = Browser.start()) {
 *     browser.driver().get("http://127.0.0.1:8080/");
 *     ...
 *     assertThat(browser.accessibilityViolations()).isEmpty();
 *     browser.screenshot(Path.of("target/screenshots/dashboard.png"));
 * }
 * </pre>
 */
public final class Browser implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The impacts that fail a page: axe-core's "serious" and "critical". */
    public static final List<String> FAILING_IMPACTS = List.of("serious", "critical");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        installed();
        try {
            Path profile = Files.createTempDirectory("awsam-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                    "--disable-extensions", "--mute-audio", "--window-size=1280,1400", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().withSilent(true).build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Waits (polling, no sleeps) for a condition of the page. */
    public WebDriverWait await(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.withMessage(() -> "on " + driver.getCurrentUrl() + ", the page says:\n" + pageText());
        // live pages replace their parts as events arrive: an element found a moment ago may be gone
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private String pageText() {
        try {
            return driver.findElement(org.openqa.selenium.By.tagName("body")).getText();
        } catch (RuntimeException none) {
            return "(no page)";
        }
    }

    /** Saves a PNG of the page. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of the whole page, not only what the window shows (the window is made as tall as the page). */
    public Path fullPageScreenshot(Path file) {
        Object height = driver.executeScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), Math.min(6000, ((Number) height).intValue() + 140)));
        try {
            return screenshot(file);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /**
     * axe-core run on the page as it is now (WCAG 2.0, 2.1 and 2.2 A and AA rules, and best practices): every
     * violation of serious or critical impact, as "rule: help (target, ...)". Empty when the page passes.
     */
    public List<String> accessibilityViolations() {
        driver.executeScript(axeSource());
        Object result = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },"
                + " resultTypes: ['violations'] })"
                + ".then(function (r) { done(JSON.stringify(r.violations)); }, function (e) { done('ERROR ' + e); });");
        String text = String.valueOf(result);
        if (text.startsWith("ERROR")) {
            throw new IllegalStateException("axe-core could not run: " + text);
        }
        List<String> failing = new ArrayList<>();
        try {
            for (JsonNode violation : JSON.readTree(text)) {
                if (FAILING_IMPACTS.contains(violation.path("impact").asText())) {
                    List<String> targets = new ArrayList<>();
                    violation.path("nodes").forEach(node -> targets.add(node.path("target").toString()));
                    failing.add(violation.path("id").asText() + ": " + violation.path("help").asText() + " " + targets);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return failing;
    }

    /** The version of axe-core that runs the checks. */
    public static String axeVersion() {
        String source = axeSource();
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("axe v([0-9.]+)").matcher(source);
        return version.find() ? version.group(1) : "unknown";
    }

    private static String axeSource() {
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the class path (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }

    /** Debian's chromium and chromium-driver, installed when missing; a clear failure when that is impossible. */
    static void installed() {
        DebianPackages.install("The browser tests", List.of(CHROMIUM, CHROMEDRIVER), "chromium", "chromium-driver");
    }
}
