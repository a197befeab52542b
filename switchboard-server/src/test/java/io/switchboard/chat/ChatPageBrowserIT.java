package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ChatPage;
import io.switchboard.testing.HeadlessChromium;
import io.switchboard.testing.TcpProxy;
import io.switchboard.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;

/**
 * The chat page (src/main/resources/web) in real headless Chromium against a real in-process
 * server: two people chatting, presence, typing, safe rendering, rooms, history paging, and a
 * reconnect that resumes from the last seen message id.
 *
 * <p>Screenshots land in {@code <build dir>/screenshots/} (normally {@code target/screenshots/}).
 *
 * <p>Two browsers are shared by all tests (a Chromium start costs seconds on a busy machine); each
 * test has its own server, so its own origin (port), and a page starts with its storage cleared and
 * leaves with the browser's emulated viewport and media reset.
 */
class ChatPageBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    // Reconnecting waits for the page's backoff (0.5 s doubling, jittered) on top of the handshake.
    private static final Duration RECONNECT_TIMEOUT = Duration.ofSeconds(20);

    // One message as the page shows it: {id, from, text, time, mine, pending}.
    @AutoClose
    private final TestServer server = TestServer.start();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<ChatPage> pages = new ArrayList<>();

    private static HeadlessChromium browserA;
    private static HeadlessChromium browserB;

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

    @AfterEach
    void stopEverything() throws Exception {
        List<String> scriptErrors = new ArrayList<>();
        for (ChatPage page : pages) {
            scriptErrors.addAll(page.scriptErrors());
            // Leave before the server goes, so the page does not spend the next test reconnecting.
            page.driver.get("about:blank");
            page.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            page.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
        pages.clear();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
        assertThat(scriptErrors).as("errors in the browser console").isEmpty();
    }

    @Test
    void twoPeopleSeeEachOtherChatAndSeeEachOtherTyping() throws Exception {
        ChatPage alice = openPage(server.port()).chooseNick("alice");
        ChatPage bob = openPage(server.port()).chooseNick("bob");

        alice.await("bob in alice's member list", d -> alice.memberNicks().contains("bob"));
        bob.await("alice in bob's member list", d -> bob.memberNicks().contains("alice"));
        assertThat(alice.text("#me-nick")).isEqualTo("alice");

        alice.field().sendKeys("Hello from alice");
        bob.await("bob sees alice typing", d -> bob.text("#typing").equals("alice is typing…"));
        alice.field().sendKeys(Keys.ENTER);

        Map<String, Object> received = bob.awaitMessage("Hello from alice");
        assertThat(received)
                .containsEntry("from", "alice")
                .containsEntry("mine", false)
                .containsEntry("pending", false);
        assertThat((String) received.get("time")).matches(".*\\d{1,2}:\\d{2}.*");
        Map<String, Object> own = alice.awaitConfirmed("Hello from alice");
        assertThat(own).containsEntry("mine", true).containsEntry("from", "alice");
        assertThat(own.get("id")).isEqualTo(received.get("id"));
        bob.await("typing indicator cleared after the message", d -> bob.text("#typing")
                .isEmpty());
        assertThat(alice.field().getDomProperty("value")).isEmpty();

        bob.field().sendKeys("Hi alice, bob here");
        bob.driver.findElement(By.id("send-button")).click();
        Map<String, Object> reply = alice.awaitMessage("Hi alice, bob here");
        assertThat(reply).containsEntry("from", "bob").containsEntry("mine", false);
        assertThat(bob.awaitConfirmed("Hi alice, bob here")).containsEntry("mine", true);

        assertThat(ChatPage.texts(alice.messages())).containsExactly("Hello from alice", "Hi alice, bob here");
        assertThat(ChatPage.ids(alice.messages()))
                .isEqualTo(ChatPage.ids(bob.messages()))
                .doesNotHaveDuplicates();

        screenshots(alice, bob);
    }

    @Test
    void messageTextIsShownAsTextAndNeverBecomesMarkup() {
        ChatPage alice = openPage(server.port()).chooseNick("alice");
        ChatPage bob = openPage(server.port()).chooseNick("<b>bob</b>");
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
        ChatPage alice = openPage(proxy.port()).chooseNick("alice");
        ChatPage bob = openPage(server.port()).chooseNick("bob");
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
        assertThat(ChatPage.texts(seen))
                .containsExactly("before the cut", "missed one", "missed two", "missed three", "written while offline");
        assertThat(seen).noneSatisfy(m -> assertThat(m).containsEntry("pending", true));
        List<Long> ids = ChatPage.ids(seen);
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ChatPage.ids(bob.messages())).isEqualTo(ids);
    }

    @Test
    void roomsAreJoinedByNameCountUnreadAndAreRememberedAcrossReloads() {
        ChatPage alice = openPage(server.port()).chooseNick("alice");
        ChatPage bob = openPage(server.port()).chooseNick("bob");

        alice.joinRoom("not a room!");
        alice.await("invalid room name refused", d -> d.findElement(By.id("room-error"))
                .isDisplayed());
        assertThat(alice.roomNames()).containsExactly("lobby");

        alice.joinRoom("design");
        alice.await("alice in #design", d -> alice.text("#room-title").equals("design"));
        assertThat(alice.roomNames()).containsExactly("lobby", "design");
        alice.driver
                .findElement(By.cssSelector("#rooms [data-room='lobby'] .room-open"))
                .click();
        alice.await("alice back in #lobby", d -> alice.text("#room-title").equals("lobby"));

        bob.joinRoom("design");
        bob.await("bob sees alice in #design", d -> bob.memberNicks().contains("alice"));
        bob.send("ping in design");
        bob.send("second ping");
        bob.awaitConfirmed("second ping");
        alice.await("two unread in #design", d -> alice.text("#rooms [data-room='design'] .unread")
                .equals("2"));
        assertThat(ChatPage.texts(alice.messages())).doesNotContain("ping in design");

        alice.driver
                .findElement(By.cssSelector("#rooms [data-room='design'] .room-open"))
                .click();
        alice.awaitMessage("second ping");
        assertThat(ChatPage.texts(alice.messages())).containsExactly("ping in design", "second ping");
        assertThat(alice.count("#rooms [data-room='design'] .unread")).isZero();

        alice.driver.navigate().refresh();
        alice.await("alice online again after reload", d -> alice.status().equals("online"));
        assertThat(alice.script("return document.getElementById('nick-dialog').open"))
                .isEqualTo(false);
        assertThat(alice.text("#me-nick")).isEqualTo("alice");
        assertThat(alice.roomNames()).containsExactly("lobby", "design");
        assertThat(alice.text("#room-title")).isEqualTo("design");
        alice.awaitMessage("second ping");
        assertThat(ChatPage.texts(alice.messages())).containsExactly("ping in design", "second ping");

        alice.driver.findElement(By.id("change-nick")).click();
        WebElement nick = alice.await("nickname dialog", d -> d.findElement(By.id("nick-input")));
        nick.clear();
        nick.sendKeys("alicia", Keys.ENTER);
        bob.await(
                "bob sees the rename",
                d -> bob.memberNicks().contains("alicia") && !bob.memberNicks().contains("alice"));
        assertThat(alice.text("#me-nick")).isEqualTo("alicia");
        assertThat(alice.script("return localStorage.getItem('switchboard.nick')"))
                .isEqualTo("\"alicia\"");
    }

    @Test
    void scrollingToTheTopLoadsOlderMessages() {
        ChatPage alice = openPage(server.port()).chooseNick("alice");
        // Straight through the composer's Enter handler: 60 sends stay under the default burst of 100.
        alice.script(
                """
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
        assertThat(ChatPage.texts(all)).isEqualTo(expected);
        assertThat(ChatPage.ids(all)).isSorted().doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------------------------------------

    private void screenshots(ChatPage desktop, ChatPage phone) throws IOException {
        Path dir = ChatPage.screenshotDir();
        desktop.screenshot(dir.resolve("chat-desktop.png"));
        desktop.browser
                .driver()
                .executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        desktop.screenshot(dir.resolve("chat-desktop-dark.png"));

        phone.browser.emulateViewport(375, 760, 2);
        phone.await(
                "phone layout hides the room list",
                d -> !d.findElement(By.id("sidebar")).isDisplayed()
                        && d.findElement(By.id("menu-button")).isDisplayed());
        assertThat(((Number) phone.script("return document.documentElement.scrollWidth")).intValue())
                .as("page width at 375 px (no sideways scrolling)")
                .isLessThanOrEqualTo(375);
        phone.screenshot(dir.resolve("chat-phone-375.png"));
        phone.driver.findElement(By.id("menu-button")).click();
        phone.await(
                "room drawer opens",
                d -> d.findElement(By.id("sidebar")).isDisplayed()
                        && d.findElement(By.cssSelector("#rooms [data-room='lobby']"))
                                .isDisplayed());
        phone.screenshot(dir.resolve("chat-phone-375-rooms.png"));
    }

    /** The chat page in the first browser no page of this test uses yet, with empty storage. */
    private ChatPage openPage(int port) {
        HeadlessChromium browser = pages.isEmpty() ? browserA : browserB;
        ChatPage page = new ChatPage(browser, TIMEOUT);
        pages.add(page);
        page.driver.get("http://127.0.0.1:" + port + "/");
        page.script("localStorage.clear(); sessionStorage.clear();");
        page.driver.navigate().refresh();
        page.driver.manage().logs().get(LogType.BROWSER); // drop what earlier tests left in the log
        return page;
    }

    /** What a test does with one chat page; every read goes through the DOM the user sees. */
}
