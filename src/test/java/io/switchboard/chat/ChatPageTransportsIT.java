package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.HeadlessChromium;
import io.switchboard.testing.TcpProxy;
import io.switchboard.testing.TestServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page's transport selector in headless Chromium against a real server: every transport
 * (WebSocket, SSE, NDJSON streaming, long-polling, polling) carries a conversation with a
 * WebSocket peer, switching transport mid-conversation loses and repeats nothing, and Auto falls
 * back to SSE behind a proxy that strips {@code Upgrade}.
 *
 * <p>Two browsers are shared by all tests; each test has its own server, so its own origin (port)
 * and so a fresh localStorage.
 */
class ChatPageTransportsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final String READ_MESSAGES = """
            return Array.from(document.querySelectorAll('#messages .message'), m => ({
              id: m.dataset.id || null,
              from: m.querySelector('.from').textContent,
              text: m.querySelector('.text').textContent,
              pending: m.classList.contains('pending')
            }));""";

    private static HeadlessChromium browserA;
    private static HeadlessChromium browserB;

    private TestServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ChatPage a;
    private ChatPage b;

    @BeforeAll
    static void startBrowsers() {
        HeadlessChromium.assumeInstalled();
        browserA = HeadlessChromium.start(1280, 800);
        browserB = HeadlessChromium.start(1280, 800);
    }

    @AfterAll
    static void stopBrowsers() {
        if (browserA != null) {
            browserA.close();
        }
        if (browserB != null) {
            browserB.close();
        }
    }

    @BeforeEach
    void startServer() {
        server = new TestServer();
        a = new ChatPage(browserA);
        b = new ChatPage(browserB);
    }

    @AfterEach
    void stopServer() throws Exception {
        List<String> errors = new ArrayList<>();
        errors.addAll(a.scriptErrors());
        errors.addAll(b.scriptErrors());
        // Leave the pages before the server goes, so they do not spend the next test reconnecting.
        a.driver.get("about:blank");
        b.driver.get("about:blank");
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
        server.close();
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "sse", "stream", "longpoll", "poll"})
    void aForcedTransportCarriesAConversationWithAWebSocketPeer(String transport) {
        a.open(server.server().port(), transport).chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport(transport);
        b.awaitTransport("websocket");
        assertThat(a.driver.findElement(By.id("transport-select")).getDomProperty("value")).isEqualTo(transport);

        a.await("bob in alice's member list", d -> a.memberNicks().contains("bob"));
        b.await("alice in bob's member list", d -> b.memberNicks().contains("alice"));

        a.send("alice over " + transport);
        Map<String, Object> atBob = b.awaitMessage("alice over " + transport);
        Map<String, Object> own = a.awaitConfirmed("alice over " + transport);
        assertThat(atBob).containsEntry("from", "alice");
        assertThat(own.get("id")).isEqualTo(atBob.get("id"));

        b.send("bob to alice");
        Map<String, Object> atAlice = a.awaitMessage("bob to alice");
        assertThat(atAlice).containsEntry("from", "bob");
        b.awaitConfirmed("bob to alice");

        for (ChatPage page : List.of(a, b)) {
            List<Map<String, Object>> shown = page.messages();
            assertThat(texts(shown)).containsExactly("alice over " + transport, "bob to alice");
            assertThat(ids(shown)).isSorted().doesNotHaveDuplicates();
        }
        assertThat(ids(a.messages())).isEqualTo(ids(b.messages()));
        assertThat(a.attr("#transport-in-use", "data-transport")).isEqualTo(transport);
    }

    @Test
    void switchingTransportMidConversationLosesAndRepeatsNothing() throws Exception {
        a.open(server.server().port(), "auto").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport("websocket");
        a.send("alice first");
        b.awaitMessage("alice first");

        // Bob talks right through each switch: first two messages while alice's page is changing
        // over to each of three transports, then a steady stream from his own thread (his own
        // browser) while she switches twice more.
        List<String> fromBob = new ArrayList<>();
        List<String> fromAlice = new ArrayList<>(List.of("alice first"));
        for (String transport : List.of("sse", "stream", "longpoll")) {
            new Select(a.driver.findElement(By.id("transport-select"))).selectByValue(transport);
            for (int i = 1; i <= 2; i++) {
                String text = "bob during switch to " + transport + " #" + i;
                b.send(text);
                fromBob.add(text);
            }
            a.awaitTransport(transport);
            fromAlice.add(a.sendConfirmed("alice on " + transport));
        }
        b.awaitConfirmed(fromBob.get(fromBob.size() - 1));
        List<String> steady = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            steady.add("bob steady " + i);
        }
        fromBob.addAll(steady);
        CompletableFuture<Void> bobTalks = CompletableFuture.runAsync(() -> {
            for (String text : steady) {
                b.send(text);
                b.awaitConfirmed(text);
            }
        });
        for (String transport : List.of("poll", "websocket")) {
            new Select(a.driver.findElement(By.id("transport-select"))).selectByValue(transport);
            a.awaitTransport(transport);
            fromAlice.add(a.sendConfirmed("alice on " + transport));
        }
        bobTalks.get(60, TimeUnit.SECONDS);
        String last = "bob after the last switch";
        b.send(last);
        fromBob.add(last);
        assertThat(a.script("return JSON.parse(localStorage.getItem('switchboard.transport'))")).isEqualTo("websocket");

        a.awaitMessage(last);
        for (String text : fromAlice) {
            b.awaitMessage(text);
        }
        List<Map<String, Object>> atAlice = a.messages();
        assertThat(atAlice.stream().filter(m -> "bob".equals(m.get("from"))).map(m -> (String) m.get("text")).toList())
                .as("bob's messages at alice, once each and in order").isEqualTo(fromBob);
        assertThat(atAlice).noneSatisfy(m -> assertThat(m).containsEntry("pending", true));
        assertThat(texts(atAlice)).hasSize(fromBob.size() + fromAlice.size()).containsAll(fromAlice);
        assertThat(ids(atAlice)).isSorted().doesNotHaveDuplicates();
        assertThat(ids(atAlice)).isEqualTo(ids(b.messages()));

        a.screenshot(screenshotDir().resolve("chat-transport-selector.png"));
    }

    @Test
    void sseKeepsEveryJoinedRoomCurrentAndFollowsARename() {
        a.open(server.server().port(), "sse").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport("sse");
        a.joinRoom("design");
        a.await("alice in #design", d -> a.text("#room-title").equals("design"));
        a.driver.findElement(By.cssSelector("#rooms [data-room='lobby'] .room-open")).click();
        a.await("alice back in #lobby", d -> a.text("#room-title").equals("lobby"));

        b.joinRoom("design");
        b.await("bob sees alice in #design", d -> b.memberNicks().contains("alice"));
        b.send("ping in design");
        b.awaitConfirmed("ping in design");
        a.await("one unread in #design", d -> a.text("#rooms [data-room='design'] .unread").equals("1"));
        a.driver.findElement(By.cssSelector("#rooms [data-room='design'] .room-open")).click();
        assertThat(texts(a.messages())).containsExactly("ping in design");

        a.driver.findElement(By.id("change-nick")).click();
        WebElement nick = a.await("nickname dialog", d -> d.findElement(By.id("nick-input")));
        nick.clear();
        nick.sendKeys("alicia", Keys.ENTER);
        b.await("bob sees the rename", d -> b.memberNicks().contains("alicia") && !b.memberNicks().contains("alice"));
        a.send("renamed over sse");
        assertThat(b.awaitMessage("renamed over sse")).containsEntry("from", "alicia");
    }

    @Test
    void olderMessagesPageInOverHttp() {
        a.open(server.server().port(), "longpoll").chooseNick("alice");
        a.awaitTransport("longpoll");
        a.script("""
                const field = document.getElementById('text-field');
                for (let i = 1; i <= 60; i++) {
                  field.value = 'note ' + i;
                  field.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
                }""");
        a.awaitConfirmed("note 60");

        a.driver.navigate().refresh();
        a.awaitTransport("longpoll");
        a.awaitMessage("note 60");
        a.await("the latest page is shown first", d -> a.messages().size() == 50);
        a.script("document.getElementById('messages').scrollTop = 0;"
                + "document.getElementById('messages').dispatchEvent(new Event('scroll'));");
        a.awaitMessage("note 1");

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            expected.add("note " + i);
        }
        a.await("all 60 notes", d -> a.messages().size() == 60);
        assertThat(texts(a.messages())).isEqualTo(expected);
        assertThat(ids(a.messages())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void autoFallsBackToSseWhenAProxyStripsTheWebSocketUpgrade() throws IOException {
        TcpProxy proxy = TcpProxy.startStrippingUpgrade(server.server().port());
        toClose.add(proxy);
        a.open(proxy.port(), "auto").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport("sse");

        a.send("through the old proxy");
        b.awaitMessage("through the old proxy");
        a.awaitConfirmed("through the old proxy");
        b.send("and back");
        a.awaitMessage("and back");
        assertThat(a.attr("#transport-in-use", "data-transport")).isEqualTo("sse");
        assertThat(a.driver.findElement(By.id("transport-select")).getDomProperty("value")).isEqualTo("auto");
        a.screenshot(screenshotDir().resolve("chat-transport-auto-sse.png"));
    }

    // ---------------------------------------------------------------------------------------------

    private static Path screenshotDir() throws IOException {
        Path testClasses;
        try {
            testClasses = Path.of(ChatPageTransportsIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path dir = testClasses.getParent().resolve("screenshots");
        Files.createDirectories(dir);
        return dir;
    }

    private static List<String> texts(List<Map<String, Object>> messages) {
        return messages.stream().map(m -> (String) m.get("text")).toList();
    }

    private static List<Long> ids(List<Map<String, Object>> messages) {
        return messages.stream().map(m -> Long.parseLong((String) m.get("id"))).toList();
    }

    /** One chat page in one of the shared browsers; every read goes through the DOM. */
    private static final class ChatPage {
        final HeadlessChromium browser;
        final ChromeDriver driver;

        ChatPage(HeadlessChromium browser) {
            this.browser = browser;
            this.driver = browser.driver();
        }

        /** Loads the page with {@code transport} already chosen (as a returning visitor would have it). */
        ChatPage open(int port, String transport) {
            driver.get("http://127.0.0.1:" + port + "/");
            driver.executeScript("localStorage.clear();"
                    + "localStorage.setItem('switchboard.transport', JSON.stringify(arguments[0]));", transport);
            driver.navigate().refresh();
            driver.manage().logs().get(LogType.BROWSER);  // drop what earlier tests left in the log
            return this;
        }

        ChatPage chooseNick(String nick) {
            WebElement input = await("nickname dialog", d -> {
                WebElement e = d.findElement(By.id("nick-input"));
                return e.isDisplayed() ? e : null;
            });
            input.sendKeys(nick);
            driver.findElement(By.id("nick-save")).click();
            await("online as " + nick, d -> status().equals("online") && text("#me-nick").equals(nick));
            return this;
        }

        void awaitTransport(String transport) {
            await("online over " + transport, d -> status().equals("online")
                    && transport.equals(attr("#transport-in-use", "data-transport")));
        }

        void send(String text) {
            driver.findElement(By.id("text-field")).sendKeys(text, Keys.ENTER);
        }

        void joinRoom(String name) {
            WebElement input = driver.findElement(By.id("room-input"));
            input.clear();
            input.sendKeys(name, Keys.ENTER);
        }

        String sendConfirmed(String text) {
            send(text);
            awaitConfirmed(text);
            return text;
        }

        String status() {
            return attr("#status", "data-state");
        }

        String attr(String css, String name) {
            return driver.findElement(By.cssSelector(css)).getDomAttribute(name);
        }

        String text(String css) {
            return driver.findElement(By.cssSelector(css)).getDomProperty("textContent").trim();
        }

        Object script(String js) {
            return driver.executeScript(js);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages() {
            return (List<Map<String, Object>>) driver.executeScript(READ_MESSAGES);
        }

        @SuppressWarnings("unchecked")
        List<String> memberNicks() {
            return (List<String>) driver.executeScript(
                    "return Array.from(document.querySelectorAll('#members .member'), m => m.dataset.nick)");
        }

        Map<String, Object> awaitMessage(String text) {
            return await("message \"" + text + "\"", d -> find(text, false));
        }

        Map<String, Object> awaitConfirmed(String text) {
            return await("confirmed message \"" + text + "\"", d -> find(text, true));
        }

        private Map<String, Object> find(String text, boolean confirmed) {
            List<Map<String, Object>> matches = messages().stream().filter(m -> text.equals(m.get("text"))).toList();
            assertThat(matches).as("copies of \"%s\"", text).hasSizeLessThanOrEqualTo(1);
            if (matches.isEmpty()) {
                return null;
            }
            Map<String, Object> m = matches.get(0);
            return confirmed && (m.get("id") == null || Boolean.TRUE.equals(m.get("pending"))) ? null : m;
        }

        <T> T await(String what, Function<WebDriver, T> condition) {
            return new WebDriverWait(driver, TIMEOUT).withMessage("waiting for " + what).until(condition);
        }

        /**
         * Severe console entries, except failed connections: a WebSocket handshake that a proxy
         * spoiled is exactly what the Auto test provokes.
         */
        List<String> scriptErrors() {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .filter(m -> !m.contains("WebSocket connection to"))
                    .toList();
        }

        void screenshot(Path file) throws IOException {
            await("animations to settle", d -> Boolean.TRUE.equals(driver.executeScript(
                    "return document.getAnimations().every(a => a.playState !== 'running'"
                            + " || a.effect.getComputedTiming().iterations === Infinity)")));
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        }
    }
}
