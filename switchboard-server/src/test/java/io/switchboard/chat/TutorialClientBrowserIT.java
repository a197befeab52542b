package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ChatPage;
import io.switchboard.testing.HeadlessChromium;
import io.switchboard.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tutorials' kind of client, unchanged in spirit: a page opened straight from disk
 * ({@code file://}, so Chromium sends {@code Origin: null}) that talks to Switchboard's {@code /}
 * WebSocket with raw text out and {@code {"text", "timestamp"}} frames in. Two such pages (the
 * fixtures in {@code src/test/resources/tutorial-clients/}, one per tutorial style) share one
 * headless Chromium as two tabs; the real chat page runs over http in a second Chromium. All three
 * meet in room {@code lobby}.
 */
class TutorialClientBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String WELCOME = "Connected to Switchboard";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path pagesDir;

    @AutoClose
    private final TestServer server = TestServer.start();

    private final List<HeadlessChromium> browsers = new ArrayList<>();

    @BeforeAll
    static void browserIsInstalled() {
        HeadlessChromium.assumeInstalled();
    }

    @AfterEach
    void stopEverything() {
        List<String> scriptErrors = new ArrayList<>();
        try {
            for (HeadlessChromium browser : browsers) {
                scriptErrors.addAll(severeConsoleEntries(browser.driver()));
            }
        } finally {
            for (int i = browsers.size() - 1; i >= 0; i--) {
                browsers.get(i).close();
            }
            browsers.clear();
        }
        assertThat(scriptErrors).as("errors in the browser consoles").isEmpty();
    }

    @Test
    void tutorialClientsFromFileUrlsChatWithTheChatPageAndWithEachOther() throws IOException {
        // The performance log carries DevTools' Network events: the handshakes' real request headers.
        HeadlessChromium tutorials = start(
                options -> options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL", "performance", "ALL")));
        ChromeDriver driver = tutorials.driver();

        // Tab 1: the blog-style client; tab 2: the lecture-style client. Both from file://.
        driver.get(fixtureUrl("blog-client.html"));
        String blog = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(fixtureUrl("lecture-client.html"));
        String lecture = driver.getWindowHandle();

        driver.switchTo().window(blog);
        assertThat(driver.getCurrentUrl()).startsWith("file:///");
        driver.switchTo().window(lecture);
        assertThat(driver.getCurrentUrl()).startsWith("file:///");

        // Welcome: the blog client shows the raw frame, the lecture client "text (time)".
        driver.switchTo().window(blog);
        String blogWelcome = await(driver, "blog client's welcome", d -> first(blogLines(d)));
        assertThat(blogWelcome).matches("\\{\"text\":\"" + WELCOME + "\",\"timestamp\":\\d{12,}}");
        driver.switchTo().window(lecture);
        String lectureWelcome = await(driver, "lecture client's welcome", d -> first(lectureLines(d)));
        assertThat(lectureWelcome).matches(WELCOME + " \\(.*\\d{1,2}:\\d{2}.*\\)");

        // Both handshakes to / came from file:// pages, so Chromium sent "Origin: null", and were accepted.
        assertThat(handshakeOrigins(driver, server.ws("/")))
                .as("Origin headers of the tutorial clients' WebSocket handshakes")
                .containsExactly("null", "null");

        // The real chat page, over http, in its own browser.
        HeadlessChromium chatBrowser = start(options -> {});
        ChromeDriver chat = chatBrowser.driver();
        chat.get(server.http("/"));
        chooseNick(chat, "carol");

        // 1. Blog client -> lecture client, chat page, and itself.
        String fromBlog = "hello from the blog client";
        driver.switchTo().window(blog);
        driver.findElement(By.id("message")).sendKeys(fromBlog);
        driver.findElement(By.id("send")).click();

        String own = await(driver, "blog client's own echo", d -> firstContaining(blogLines(d), "me: " + fromBlog));
        assertThat(own).startsWith("{\"text\":\"me: " + fromBlog + "\"");
        assertThat(driver.findElement(By.id("message")).getDomProperty("value")).isEmpty();

        driver.switchTo().window(lecture);
        String atLecture = await(
                driver,
                "blog's message on the lecture client",
                d -> firstStartingWith(lectureLines(d), "other: " + fromBlog + " ("));
        assertThat(atLecture).matches("other: " + fromBlog + " \\(.*\\d{1,2}:\\d{2}.*\\)");

        WebElement onChatPage = await(chat, "blog's message on the chat page", d -> chatMessageWithText(d, fromBlog));
        assertThat(onChatPage
                        .findElement(By.cssSelector(".from"))
                        .getDomProperty("textContent")
                        .trim())
                .as("sender shown on the chat page")
                .isNotBlank()
                .isNotEqualTo("carol");
        assertThat(onChatPage.getDomAttribute("class")).doesNotContain("mine");

        // 2. Chat page -> both tutorial clients.
        String fromChat = "hi tutorials, carol here";
        chat.findElement(By.id("text-field")).sendKeys(fromChat, Keys.ENTER);
        await(chat, "carol's own message on the chat page", d -> chatMessageWithText(d, fromChat));

        driver.switchTo().window(blog);
        String chatAtBlog = await(
                driver,
                "chat page's message on the blog client",
                d -> firstContaining(blogLines(d), "\"text\":\"other: " + fromChat + "\""));
        assertThat(chatAtBlog)
                .startsWith("{\"text\":\"other: " + fromChat + "\"")
                .contains("\"from\":\"carol\"");

        driver.switchTo().window(lecture);
        await(
                driver,
                "chat page's message on the lecture client",
                d -> firstStartingWith(lectureLines(d), "other: " + fromChat + " ("));

        // 3. Lecture client -> blog client (and itself as "me:").
        String fromLecture = "and the lecture client answers";
        driver.findElement(By.id("text-field")).sendKeys(fromLecture);
        driver.findElement(By.id("send-button")).click();
        await(
                driver,
                "lecture client's own echo",
                d -> firstStartingWith(lectureLines(d), "me: " + fromLecture + " ("));

        driver.switchTo().window(blog);
        await(
                driver,
                "lecture's message on the blog client",
                d -> firstContaining(blogLines(d), "{\"text\":\"other: " + fromLecture + "\""));
        await(chat, "lecture's message on the chat page", d -> chatMessageWithText(d, fromLecture));

        // Each tutorial client saw every message exactly once, in order, and nothing else.
        assertThat(blogLines(driver)).hasSize(4);
        assertThat(blogLines(driver).get(0)).startsWith("{\"text\":\"" + WELCOME + "\"");
        assertThat(blogLines(driver).get(1)).startsWith("{\"text\":\"me: " + fromBlog + "\"");
        assertThat(blogLines(driver).get(2)).startsWith("{\"text\":\"other: " + fromChat + "\"");
        assertThat(blogLines(driver).get(3)).startsWith("{\"text\":\"other: " + fromLecture + "\"");
        driver.switchTo().window(lecture);
        List<String> lectureSeen = lectureLines(driver);
        assertThat(lectureSeen).hasSize(4);
        assertThat(lectureSeen.get(0)).startsWith(WELCOME + " (");
        assertThat(lectureSeen.get(1)).startsWith("other: " + fromBlog + " (");
        assertThat(lectureSeen.get(2)).startsWith("other: " + fromChat + " (");
        assertThat(lectureSeen.get(3)).startsWith("me: " + fromLecture + " (");
    }

    // ---------------------------------------------------------------------------------------------

    private HeadlessChromium start(Consumer<ChromeOptions> options) {
        HeadlessChromium browser = HeadlessChromium.start(1024, 768, options);
        browsers.add(browser);
        return browser;
    }

    /** Copies a fixture page out of the classpath and returns its file:// URL, aimed at {@code /}. */
    private String fixtureUrl(String name) throws IOException {
        Path page = pagesDir.resolve(name);
        try (InputStream in = TutorialClientBrowserIT.class.getResourceAsStream("/tutorial-clients/" + name)) {
            assertThat(in).as("fixture %s on the test classpath", name).isNotNull();
            Files.copy(in, page);
        }
        return page.toUri() + "?ws=" + URLEncoder.encode(server.ws("/"), StandardCharsets.UTF_8);
    }

    /**
     * The {@code Origin} request header of every WebSocket handshake to {@code url} that Chromium
     * completed so far, read from the performance log (which this drains).
     */
    private static List<String> handshakeOrigins(ChromeDriver driver, String url) throws IOException {
        Map<String, String> urlByRequest = new HashMap<>();
        List<Map.Entry<String, JsonNode>> handshakes = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            JsonNode params = message.path("params");
            switch (message.path("method").asText()) {
                case "Network.webSocketCreated" ->
                    urlByRequest.put(
                            params.path("requestId").asText(),
                            params.path("url").asText());
                case "Network.webSocketHandshakeResponseReceived" -> {
                    assertThat(params.path("response").path("status").asInt())
                            .as("handshake status")
                            .isEqualTo(101);
                    handshakes.add(Map.entry(
                            params.path("requestId").asText(),
                            params.path("response").path("requestHeaders")));
                }
                default -> {}
            }
        }
        List<String> origins = new ArrayList<>();
        for (Map.Entry<String, JsonNode> handshake : handshakes) {
            if (!url.equals(urlByRequest.get(handshake.getKey()))) {
                continue;
            }
            String origin = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = handshake.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                if (header.getKey().equalsIgnoreCase("Origin")) {
                    origin = header.getValue().asText();
                }
            }
            origins.add(origin);
        }
        return origins;
    }

    private static void chooseNick(ChromeDriver chat, String nick) {
        WebElement input = await(chat, "nickname dialog", d -> {
            WebElement e = d.findElement(By.id("nick-input"));
            return e.isDisplayed() ? e : null;
        });
        input.sendKeys(nick);
        chat.findElement(By.id("nick-save")).click();
        await(chat, "chat page online as " + nick, d -> "online"
                .equals(d.findElement(By.id("status")).getDomAttribute("data-state")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> blogLines(WebDriver d) {
        return (List<String>) ((ChromeDriver) d)
                .executeScript("return Array.from(document.querySelectorAll('#chat > li'), li => li.textContent)");
    }

    @SuppressWarnings("unchecked")
    private static List<String> lectureLines(WebDriver d) {
        return (List<String>) ((ChromeDriver) d)
                .executeScript("return Array.from(document.querySelectorAll('body > div'), div => div.textContent)");
    }

    private static WebElement chatMessageWithText(WebDriver d, String text) {
        for (WebElement m : d.findElements(By.cssSelector("#messages .message"))) {
            if (text.equals(m.findElement(By.cssSelector(".text")).getDomProperty("textContent"))) {
                return m;
            }
        }
        return null;
    }

    private static String first(List<String> lines) {
        return lines.isEmpty() ? null : lines.get(0);
    }

    private static String firstContaining(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part)).findFirst().orElse(null);
    }

    private static String firstStartingWith(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }

    private static <T> T await(WebDriver driver, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, TIMEOUT, ChatPage.POLL)
                .withMessage("waiting for " + what)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    private static List<String> severeConsoleEntries(ChromeDriver driver) {
        List<String> errors = new ArrayList<>();
        for (String handle : driver.getWindowHandles()) {
            driver.switchTo().window(handle);
            driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .forEach(errors::add);
        }
        return errors;
    }
}
