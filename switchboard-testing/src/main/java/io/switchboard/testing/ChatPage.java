package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page in one headless Chromium, as the browser tests drive it: the element ids and data
 * attributes the page promises (see src/main/resources/web), explicit waits, and the console
 * errors a test must not leave behind.
 *
 * <p>Not thread-safe: one test thread drives one page.
 */
public final class ChatPage {
    /**
     * How often a wait asks the page again. Selenium's default, 500 ms, adds a quarter of a second
     * on average to every wait, and the browser tests wait hundreds of times; one check is a
     * WebDriver round trip of a few milliseconds, so asking five times as often cost no measurable
     * CPU (ChatPageBrowserIT and ChatPageTransportsIT: 86 CPU-seconds at 500 ms, 83-88 at 50-150).
     */
    public static final Duration POLL = Duration.ofMillis(100);

    /** Every shown message, in page order, with what a test checks. */
    private static final String READ_MESSAGES =
            """
            return Array.from(document.querySelectorAll('#messages .message'), m => ({
              id: m.dataset.id || null,
              from: m.querySelector('.from').textContent,
              text: m.querySelector('.text').textContent,
              time: m.querySelector('.time').textContent,
              mine: m.classList.contains('mine'),
              pending: m.classList.contains('pending')
            }));""";

    public final HeadlessChromium browser;
    public final ChromeDriver driver;
    private final Duration timeout;

    public ChatPage(HeadlessChromium browser, Duration timeout) {
        this.browser = browser;
        this.driver = browser.driver();
        this.timeout = timeout;
    }

    /** Loads the page with {@code transport} already chosen (as a returning visitor would have it). */
    public ChatPage open(int port, String transport) {
        return open("http://127.0.0.1:" + port, transport);
    }

    /** The page at {@code origin} ({@code https://127.0.0.1:PORT} for a TLS server) on {@code transport}. */
    public ChatPage open(String origin, String transport) {
        // set the storage from a document of the origin that runs no chat: a page already running
        // could write its nickname back between the clear and a reload, and then shows no dialog
        driver.get(origin + "/style.css");
        driver.executeScript(
                "localStorage.clear();"
                        + "localStorage.setItem('switchboard.transport', JSON.stringify(arguments[0]));",
                transport);
        driver.get(origin + "/");
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier tests left in the log
        return this;
    }

    public void awaitTransport(String transport) {
        await(
                "online over " + transport,
                d -> status().equals("online") && transport.equals(attr("#transport-in-use", "data-transport")));
    }

    public String sendConfirmed(String text) {
        send(text);
        awaitConfirmed(text);
        return text;
    }

    /**
     * An attribute of the first element that matches, read in one script so that a page that
     * re-renders the element in between cannot make the read stale.
     */
    public String attr(String css, String name) {
        return (String) readOne(css, "e.getAttribute(arguments[1])", name);
    }

    public ChatPage chooseNick(String nick) {
        WebElement input = await("nickname dialog", d -> {
            WebElement e = d.findElement(By.id("nick-input"));
            return e.isDisplayed() ? e : null;
        });
        input.sendKeys(nick);
        driver.findElement(By.id("nick-save")).click();
        await(
                "online as " + nick,
                d -> status().equals("online") && text("#me-nick").equals(nick));
        return this;
    }

    public WebElement field() {
        return driver.findElement(By.id("text-field"));
    }

    public void send(String text) {
        field().sendKeys(text, Keys.ENTER);
    }

    public void joinRoom(String name) {
        WebElement input = driver.findElement(By.id("room-input"));
        input.clear();
        input.sendKeys(name, Keys.ENTER);
    }

    public String status() {
        return attr("#status", "data-state");
    }

    public String text(String css) {
        return (String) readOne(css, "e.textContent.trim()", null);
    }

    /** Evaluates {@code expression} on the element {@code e} matching {@code css}, or throws as Selenium does. */
    private Object readOne(String css, String expression, Object argument) {
        List<?> found = (List<?>) driver.executeScript(
                "const e = document.querySelector(arguments[0]);" + " return e === null ? [false, null] : [true, "
                        + expression + "];",
                css,
                argument);
        if (!Boolean.TRUE.equals(found.get(0))) {
            throw new NoSuchElementException("no element matches " + css);
        }
        return found.get(1);
    }

    public long count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    public Object script(String js) {
        return driver.executeScript(js);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> messages() {
        return (List<Map<String, Object>>) driver.executeScript(READ_MESSAGES);
    }

    @SuppressWarnings("unchecked")
    public List<String> memberNicks() {
        return (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#members .member'), m => m.dataset.nick)");
    }

    @SuppressWarnings("unchecked")
    public List<String> roomNames() {
        return (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#rooms [data-room]'), r => r.dataset.room)");
    }

    /** Waits until a message with exactly this text is shown, and returns it. */
    public Map<String, Object> awaitMessage(String text) {
        return await("message \"" + text + "\"", d -> find(text, false));
    }

    /** Like {@link #awaitMessage} but also waits for the server's id (no longer pending). */
    public Map<String, Object> awaitConfirmed(String text) {
        return await("confirmed message \"" + text + "\"", d -> find(text, true));
    }

    private Map<String, Object> find(String text, boolean confirmed) {
        List<Map<String, Object>> matches =
                messages().stream().filter(m -> text.equals(m.get("text"))).toList();
        assertThat(matches).as("copies of \"%s\"", text).hasSizeLessThanOrEqualTo(1);
        if (matches.isEmpty()) {
            return null;
        }
        Map<String, Object> m = matches.get(0);
        return confirmed && (m.get("id") == null || Boolean.TRUE.equals(m.get("pending"))) ? null : m;
    }

    public <T> T await(String what, Function<WebDriver, T> condition) {
        return await(timeout, what, condition);
    }

    public <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, POLL)
                .withMessage("waiting for " + what)
                .until(condition);
    }

    /**
     * Severe console entries, except failed WebSocket handshakes and failed Socket.IO polling
     * requests (reset, refused, not connected): those are the expected symptoms while a test has
     * cut the network.
     */
    public List<String> scriptErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("WebSocket connection to"))
                .filter(m -> !(m.contains("/socket.io/") && m.contains("net::ERR_")))
                .toList();
    }

    public void screenshot(Path file) throws IOException {
        // Finite animations (a message fading in, the drawer sliding) must be at rest first.
        await(
                "animations to settle",
                d -> Boolean.TRUE.equals(
                        driver.executeScript("return document.getAnimations().every(a => a.playState !== 'running'"
                                + " || a.effect.getComputedTiming().iterations === Infinity)")));
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    public static List<String> texts(List<Map<String, Object>> messages) {
        return messages.stream().map(m -> (String) m.get("text")).toList();
    }

    public static List<Long> ids(List<Map<String, Object>> messages) {
        return messages.stream().map(m -> Long.parseLong((String) m.get("id"))).toList();
    }

    /** {@code <build dir>/screenshots}, next to the test classes. */
    public static Path screenshotDir() throws IOException {
        Path testClasses;
        try {
            testClasses = Path.of(ChatPage.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path dir = testClasses.getParent().resolve("screenshots");
        Files.createDirectories(dir);
        return dir;
    }
}
