package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ChatPage;
import io.switchboard.testing.HeadlessChromium;
import io.switchboard.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The presence handover grace seen from another page (issue #9): while alice's page switches
 * transport and reloads, bob's member list never lacks her and never shows her twice; when she goes,
 * bob sees her leave once the grace is over. Headless Chromium against a real server.
 */
class ChatPageHandoverIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Records every member list bob's page renders, to catch one that lacks alice even briefly. */
    private static final String RECORD_LISTS =
            """
            window.__lists = [];
            new MutationObserver(() => window.__lists.push(
                Array.from(document.querySelectorAll('#members .member'), m => m.dataset.nick)))
              .observe(document.getElementById('members'),
                { childList: true, subtree: true, characterData: true, attributes: true });""";

    private static HeadlessChromium browserA;
    private static HeadlessChromium browserB;

    private TestServer server;
    /** Numbers the pings, so each text is shown once. */
    private int pings;

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
        server = new TestServer(settings -> settings.presenceGrace(GRACE));
        a = new ChatPage(browserA, TIMEOUT);
        b = new ChatPage(browserB, TIMEOUT);
    }

    @AfterEach
    void stopServer() {
        List<String> errors = new ArrayList<>();
        errors.addAll(a.scriptErrors());
        errors.addAll(b.scriptErrors());
        a.driver.get("about:blank");
        b.driver.get("about:blank");
        server.close();
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    /** Bob says something and alice's page shows it: her feed over the current transport is open. */
    private void awaitAliceHears(String text) {
        b.sendConfirmed(text);
        a.awaitMessage(text);
    }

    private void switchAliceTo(String transport) {
        new Select(a.driver.findElement(By.id("transport-select"))).selectByValue(transport);
        a.awaitTransport(transport);
        awaitAliceHears("ping " + ++pings + " over " + transport);
    }

    private void reloadAlice(String transport) {
        a.driver.navigate().refresh();
        a.awaitTransport(transport);
        awaitAliceHears("ping " + ++pings + " after a reload on " + transport);
    }

    @SuppressWarnings("unchecked")
    private List<List<String>> bobsLists() {
        return (List<List<String>>) b.script("return window.__lists");
    }

    @Test
    void anotherPageSeesNoGapAndNoDuplicateWhileAPageSwitchesTransportAndReloads() {
        a.open(server.server().port(), "websocket").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        b.await(
                "alice and bob listed at bob's page",
                d -> b.memberNicks().equals(List.of("bob", "alice"))
                        || b.memberNicks().equals(List.of("alice", "bob")));
        b.script(RECORD_LISTS);

        switchAliceTo("sse");
        switchAliceTo("websocket");
        reloadAlice("websocket");
        switchAliceTo("socketio");
        reloadAlice("socketio");
        switchAliceTo("websocket");

        assertThat(bobsLists())
                .as("every member list bob's page showed while alice switched and reloaded")
                .allSatisfy(list -> assertThat(list).containsExactlyInAnyOrder("alice", "bob"));
        assertThat(b.memberNicks()).containsExactlyInAnyOrder("alice", "bob");

        // closing her transport is her going for good (navigating away is no good here: headless
        // Chromium may keep the page, and its socket, in its back/forward cache)
        long closedAt = System.nanoTime();
        a.script("window.SwitchboardTransports.latest.close()");
        b.await("alice gone from bob's list", d -> b.memberNicks().equals(List.of("bob")));
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt))
                .as("bob saw alice leave only after the grace")
                .isGreaterThanOrEqualTo(GRACE);
        assertThat(bobsLists()).last().isEqualTo(List.of("bob"));
        assertThat(bobsLists()).filteredOn(list -> list.contains("alice")).allSatisfy(list -> assertThat(list)
                .containsExactlyInAnyOrder("alice", "bob"));
    }
}
