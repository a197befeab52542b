package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.ServerConfig;
import io.switchboard.server.SwitchboardServer;
import io.switchboard.testing.HeadlessChromium;
import io.switchboard.testing.TcpProxy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page (src/main/resources/web) in real headless Chromium against a real in-process
 * server: two people chatting, presence, typing, safe rendering, rooms, history paging, and a
 * reconnect that resumes from the last seen message id.
 *
 * <p>Screenshots land in {@code <build dir>/screenshots/} (normally {@code target/screenshots/}).
 */
class ChatPageBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    // Reconnecting waits for the page's backoff (0.5 s doubling, jittered) on top of the handshake.
    private static final Duration RECONNECT_TIMEOUT = Duration.ofSeconds(20);

    // One message as the page shows it: {id, from, text, time, mine, pending}.
    private static final String READ_MESSAGES = """
            return Array.from(document.querySelectorAll('#messages .message'), m => ({
              id: m.dataset.id || null,
              from: m.querySelector('.from').textContent,
              text: m.querySelector('.text').textContent,
              time: m.querySelector('.time').textContent,
              mine: m.classList.contains('mine'),
              pending: m.classList.contains('pending')
            }));""";

    @TempDir
    Path dataDir;

    private SwitchboardServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<ChatPage> pages = new ArrayList<>();

    @BeforeAll
    static void browserIsInstalled() {
        HeadlessChromium.assumeInstalled();
    }

    @BeforeEach
    void startServer() throws InterruptedException {
        server = SwitchboardServer.start(ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .build());
    }

    @AfterEach
    void stopEverything() throws Exception {
        List<String> scriptErrors = new ArrayList<>();
        for (ChatPage page : pages) {
            scriptErrors.addAll(page.scriptErrors());
        }
        pages.clear();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
        if (server != null) {
            server.close();
        }
        assertThat(scriptErrors).as("errors in the browser console").isEmpty();
    }

    @Test
    void twoPeopleSeeEachOtherChatAndSeeEachOtherTyping() throws Exception {
        ChatPage alice = openPage(server.port(), 1280, 800).chooseNick("alice");
        ChatPage bob = openPage(server.port(), 1280, 800).chooseNick("bob");

        alice.await("bob in alice's member list", d -> alice.memberNicks().contains("bob"));
        bob.await("alice in bob's member list", d -> bob.memberNicks().contains("alice"));
        assertThat(alice.text("#me-nick")).isEqualTo("alice");

        alice.field().sendKeys("Hello from alice");
        bob.await("bob sees alice typing", d -> bob.text("#typing").equals("alice is typing…"));
        alice.field().sendKeys(Keys.ENTER);

        Map<String, Object> received = bob.awaitMessage("Hello from alice");
        assertThat(received).containsEntry("from", "alice").containsEntry("mine", false)
                .containsEntry("pending", false);
        assertThat((String) received.get("time")).matches(".*\\d{1,2}:\\d{2}.*");
        Map<String, Object> own = alice.awaitConfirmed("Hello from alice");
        assertThat(own).containsEntry("mine", true).containsEntry("from", "alice");
        assertThat(own.get("id")).isEqualTo(received.get("id"));
        bob.await("typing indicator cleared after the message", d -> bob.text("#typing").isEmpty());
        assertThat(alice.field().getDomProperty("value")).isEmpty();

        bob.field().sendKeys("Hi alice, bob here");
        bob.driver.findElement(By.id("send-button")).click();
        Map<String, Object> reply = alice.awaitMessage("Hi alice, bob here");
        assertThat(reply).containsEntry("from", "bob").containsEntry("mine", false);
        assertThat(bob.awaitConfirmed("Hi alice, bob here")).containsEntry("mine", true);

        assertThat(texts(alice.messages())).containsExactly("Hello from alice", "Hi alice, bob here");
        assertThat(ids(alice.messages())).isEqualTo(ids(bob.messages())).doesNotHaveDuplicates();

        screenshots(alice, bob);
    }

    @Test
    void messageTextIsShownAsTextAndNeverBecomesMarkup() {
        ChatPage alice = openPage(server.port(), 1280, 800).chooseNick("alice");
        ChatPage bob = openPage(server.port(), 1280, 800).chooseNick("<b>bob</b>");
        alice.await("bob in alice's member list", d -> alice.memberNicks().contains("<b>bob</b>"));

        String attack = "<img src=x onerror=alert(1)>";
        alice.send(attack);
        Map<String, Object> shown = bob.awaitMessage(attack);
        alice.awaitConfirmed(attack);
        bob.send("<script>window.pwned = true</script> & done");
        alice.awaitMessage("<script>window.pwned = true</script> & done");

        assertThat(shown.get("text")).isEqualTo(attack);
        for (ChatPage page : List.of(alice, bob)) {
            assertThat(page.count("#messages img")).isZero();
            assertThat(page.count("#messages script")).isZero();
            assertThat(page.count("#members b")).isZero();
            assertThat(page.script("return window.pwned === true")).isEqualTo(false);
        }
        assertThat(alice.messages()).anySatisfy(m -> assertThat(m).containsEntry("from", "<b>bob</b>"));
    }

    @Test
    void reconnectResumesAfterTheLastSeenIdWithoutGapsOrDuplicates() throws IOException {
        TcpProxy proxy = TcpProxy.start(server.port());
        toClose.add(proxy);
        ChatPage alice = openPage(proxy.port(), 1280, 800).chooseNick("alice");
        ChatPage bob = openPage(server.port(), 1280, 800).chooseNick("bob");
        alice.await("bob in alice's member list", d -> alice.memberNicks().contains("bob"));

        alice.send("before the cut");
        bob.awaitMessage("before the cut");
        alice.awaitConfirmed("before the cut");

        proxy.cut();
        alice.await("alice notices the lost connection", d -> !alice.status().equals("online"));
        bob.await("alice left bob's member list", d -> !bob.memberNicks().contains("alice"));
        for (String text : List.of("missed one", "missed two", "missed three")) {
            bob.send(text);
            bob.awaitConfirmed(text);
        }
        alice.send("written while offline");
        assertThat(alice.messages()).last().satisfies(m -> assertThat(m).containsEntry("pending", true));

        proxy.restore();
        alice.await(RECONNECT_TIMEOUT, "alice back online", d -> alice.status().equals("online"));
        alice.awaitConfirmed("written while offline");
        bob.awaitMessage("written while offline");
        alice.await("alice back in bob's member list", d -> bob.memberNicks().contains("alice"));

        List<Map<String, Object>> seen = alice.messages();
        assertThat(texts(seen)).containsExactly(
                "before the cut", "missed one", "missed two", "missed three", "written while offline");
        assertThat(seen).noneSatisfy(m -> assertThat(m).containsEntry("pending", true));
        List<Long> ids = ids(seen);
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids(bob.messages())).isEqualTo(ids);
    }

    @Test
    void roomsAreJoinedByNameCountUnreadAndAreRememberedAcrossReloads() {
        ChatPage alice = openPage(server.port(), 1280, 800).chooseNick("alice");
        ChatPage bob = openPage(server.port(), 1280, 800).chooseNick("bob");

        alice.joinRoom("not a room!");
        alice.await("invalid room name refused", d -> d.findElement(By.id("room-error")).isDisplayed());
        assertThat(alice.roomNames()).containsExactly("lobby");

        alice.joinRoom("design");
        alice.await("alice in #design", d -> alice.text("#room-title").equals("design"));
        assertThat(alice.roomNames()).containsExactly("lobby", "design");
        alice.driver.findElement(By.cssSelector("#rooms [data-room='lobby'] .room-open")).click();
        alice.await("alice back in #lobby", d -> alice.text("#room-title").equals("lobby"));

        bob.joinRoom("design");
        bob.await("bob sees alice in #design", d -> bob.memberNicks().contains("alice"));
        bob.send("ping in design");
        bob.send("second ping");
        bob.awaitConfirmed("second ping");
        alice.await("two unread in #design",
                d -> alice.text("#rooms [data-room='design'] .unread").equals("2"));
        assertThat(texts(alice.messages())).doesNotContain("ping in design");

        alice.driver.findElement(By.cssSelector("#rooms [data-room='design'] .room-open")).click();
        alice.awaitMessage("second ping");
        assertThat(texts(alice.messages())).containsExactly("ping in design", "second ping");
        assertThat(alice.count("#rooms [data-room='design'] .unread")).isZero();

        alice.driver.navigate().refresh();
        alice.await("alice online again after reload", d -> alice.status().equals("online"));
        assertThat(alice.script("return document.getElementById('nick-dialog').open")).isEqualTo(false);
        assertThat(alice.text("#me-nick")).isEqualTo("alice");
        assertThat(alice.roomNames()).containsExactly("lobby", "design");
        assertThat(alice.text("#room-title")).isEqualTo("design");
        alice.awaitMessage("second ping");
        assertThat(texts(alice.messages())).containsExactly("ping in design", "second ping");

        alice.driver.findElement(By.id("change-nick")).click();
        WebElement nick = alice.await("nickname dialog", d -> d.findElement(By.id("nick-input")));
        nick.clear();
        nick.sendKeys("alicia", Keys.ENTER);
        bob.await("bob sees the rename", d -> bob.memberNicks().contains("alicia") && !bob.memberNicks().contains("alice"));
        assertThat(alice.text("#me-nick")).isEqualTo("alicia");
        assertThat(alice.script("return localStorage.getItem('switchboard.nick')")).isEqualTo("\"alicia\"");
    }

    @Test
    void scrollingToTheTopLoadsOlderMessages() {
        ChatPage alice = openPage(server.port(), 1280, 800).chooseNick("alice");
        // Straight through the composer's Enter handler: 60 sends stay under the default burst of 100.
        alice.script("""
                const field = document.getElementById('text-field');
                for (let i = 1; i <= 60; i++) {
                  field.value = 'note ' + i;
                  field.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
                }""");
        alice.awaitConfirmed("note 60");

        alice.driver.navigate().refresh();
        alice.awaitMessage("note 60");
        alice.await("the latest page is shown first", d -> alice.messages().size() == 50);
        alice.script("document.getElementById('messages').scrollTop = 0;"
                + "document.getElementById('messages').dispatchEvent(new Event('scroll'));");
        alice.awaitMessage("note 1");

        List<Map<String, Object>> all = alice.messages();
        assertThat(all).hasSize(60);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            expected.add("note " + i);
        }
        assertThat(texts(all)).isEqualTo(expected);
        assertThat(ids(all)).isSorted().doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------------------------------------

    private void screenshots(ChatPage desktop, ChatPage phone) throws IOException {
        Path dir = screenshotDir();
        desktop.screenshot(dir.resolve("chat-desktop.png"));
        desktop.browser.driver().executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        desktop.screenshot(dir.resolve("chat-desktop-dark.png"));

        phone.browser.emulateViewport(375, 760, 2);
        phone.await("phone layout hides the room list",
                d -> !d.findElement(By.id("sidebar")).isDisplayed() && d.findElement(By.id("menu-button")).isDisplayed());
        assertThat(((Number) phone.script("return document.documentElement.scrollWidth")).intValue())
                .as("page width at 375 px (no sideways scrolling)").isLessThanOrEqualTo(375);
        phone.screenshot(dir.resolve("chat-phone-375.png"));
        phone.driver.findElement(By.id("menu-button")).click();
        phone.await("room drawer opens", d -> d.findElement(By.id("sidebar")).isDisplayed()
                && d.findElement(By.cssSelector("#rooms [data-room='lobby']")).isDisplayed());
        phone.screenshot(dir.resolve("chat-phone-375-rooms.png"));
    }

    private static Path screenshotDir() throws IOException {
        Path testClasses;
        try {
            testClasses = Path.of(ChatPageBrowserIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path dir = testClasses.getParent().resolve("screenshots");
        Files.createDirectories(dir);
        return dir;
    }

    private ChatPage openPage(int port, int width, int height) {
        HeadlessChromium browser = HeadlessChromium.start(width, height);
        toClose.add(browser);
        ChatPage page = new ChatPage(browser);
        pages.add(page);
        browser.driver().get("http://127.0.0.1:" + port + "/");
        return page;
    }

    private static List<String> texts(List<Map<String, Object>> messages) {
        return messages.stream().map(m -> (String) m.get("text")).toList();
    }

    private static List<Long> ids(List<Map<String, Object>> messages) {
        return messages.stream().map(m -> Long.parseLong((String) m.get("id"))).toList();
    }

    /** What a test does with one chat page; every read goes through the DOM the user sees. */
    private static final class ChatPage {
        final HeadlessChromium browser;
        final ChromeDriver driver;

        ChatPage(HeadlessChromium browser) {
            this.browser = browser;
            this.driver = browser.driver();
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

        WebElement field() {
            return driver.findElement(By.id("text-field"));
        }

        void send(String text) {
            field().sendKeys(text, Keys.ENTER);
        }

        void joinRoom(String name) {
            WebElement input = driver.findElement(By.id("room-input"));
            input.clear();
            input.sendKeys(name, Keys.ENTER);
        }

        String status() {
            return driver.findElement(By.id("status")).getDomAttribute("data-state");
        }

        String text(String css) {
            return driver.findElement(By.cssSelector(css)).getDomProperty("textContent").trim();
        }

        long count(String css) {
            return driver.findElements(By.cssSelector(css)).size();
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

        @SuppressWarnings("unchecked")
        List<String> roomNames() {
            return (List<String>) driver.executeScript(
                    "return Array.from(document.querySelectorAll('#rooms [data-room]'), r => r.dataset.room)");
        }

        /** Waits until a message with exactly this text is shown, and returns it. */
        Map<String, Object> awaitMessage(String text) {
            return await("message \"" + text + "\"", d -> find(text, false));
        }

        /** Like {@link #awaitMessage} but also waits for the server's id (no longer pending). */
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
            return await(TIMEOUT, what, condition);
        }

        <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
            return new WebDriverWait(driver, timeout).withMessage("waiting for " + what).until(condition);
        }

        /**
         * Severe console entries, except failed WebSocket handshakes: those are the expected
         * symptom while a test has cut the network.
         */
        List<String> scriptErrors() {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .filter(m -> !m.contains("WebSocket connection to"))
                    .toList();
        }

        void screenshot(Path file) throws IOException {
            // Finite animations (a message fading in, the drawer sliding) must be at rest first.
            await("animations to settle", d -> Boolean.TRUE.equals(driver.executeScript(
                    "return document.getAnimations().every(a => a.playState !== 'running'"
                            + " || a.effect.getComputedTiming().iterations === Infinity)")));
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        }
    }
}
