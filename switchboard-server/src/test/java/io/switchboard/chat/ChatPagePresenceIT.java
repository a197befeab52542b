package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ChatPage;
import io.switchboard.testing.HeadlessChromium;
import io.switchboard.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Presence by person (issue #9): a page is one member across reloads and transport switches, sees
 * itself at once, and tells its own messages by session, not by nickname. Headless Chromium
 * against a real server; the server's own member list is read over HTTP as a third witness.
 */
class ChatPagePresenceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Records every member list the page renders, to catch one that lacks us even briefly. */
    private static final String RECORD_LISTS =
            """
            window.__lists = [];
            new MutationObserver(() => window.__lists.push(
                Array.from(document.querySelectorAll('#members .member'), m => m.dataset.nick)))
              .observe(document.getElementById('members'), { childList: true });""";

    private static HeadlessChromium browserA;
    private static HeadlessChromium browserB;

    private final HttpClient http = HttpClient.newHttpClient();

    @AutoClose
    private final TestServer server = TestServer.start();

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
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    private List<String> serverMembers() throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/lobby/members")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> nicks = new ArrayList<>();
        for (JsonNode m : new ObjectMapper().readTree(res.body())) {
            nicks.add(m.path("nick").asText());
        }
        return nicks;
    }

    /** Bob says something and alice's page shows it: her feed over the current transport is open. */
    private void awaitAliceHears(String text) {
        b.sendConfirmed(text);
        a.awaitMessage(text);
    }

    private void awaitExactlyAliceAndBob(ChatPage page) {
        page.await(
                "exactly alice and bob listed",
                d -> page.memberNicks().stream().sorted().toList().equals(List.of("alice", "bob"))
                        && page.text("#member-count").equals("2 members online"));
    }

    @Test
    void reloadingAnSsePageKeepsItOneMember() throws Exception {
        a.open(server.server().port(), "sse").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport("sse");
        for (int i = 1; i <= 4; i++) {
            a.driver.navigate().refresh();
            a.awaitTransport("sse");
            awaitAliceHears("ping after reload " + i);
            assertThat(serverMembers())
                    .as("the server's list after reload %d", i)
                    .containsExactlyInAnyOrder("alice", "bob");
            awaitExactlyAliceAndBob(a);
            awaitExactlyAliceAndBob(b);
        }
    }

    @Test
    void switchingTransportHandsPresenceOverWithoutAGapOrADuplicate() throws Exception {
        a.open(server.server().port(), "websocket").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        awaitExactlyAliceAndBob(a);

        a.script(RECORD_LISTS);
        new Select(a.driver.findElement(By.id("transport-select"))).selectByValue("sse");
        a.awaitTransport("sse");
        awaitAliceHears("ping over sse");
        awaitExactlyAliceAndBob(a);
        @SuppressWarnings("unchecked")
        List<List<String>> rendered = (List<List<String>>) a.script("return window.__lists");
        assertThat(rendered)
                .as("every list alice's page showed after the switch")
                .filteredOn(list -> !list.isEmpty())
                .allSatisfy(list -> assertThat(list).contains("alice"));
        assertThat(serverMembers()).containsExactlyInAnyOrder("alice", "bob");
        awaitExactlyAliceAndBob(b);

        new Select(a.driver.findElement(By.id("transport-select"))).selectByValue("websocket");
        a.awaitTransport("websocket");
        awaitAliceHears("ping over websocket");
        assertThat(serverMembers()).containsExactlyInAnyOrder("alice", "bob");
        awaitExactlyAliceAndBob(a);
        awaitExactlyAliceAndBob(b);

        // her HTTP presence went when her WebSocket joined: closing the WebSocket is leaving, with no
        // --http-presence-timeout (30 s, longer than this wait) of a ghost alice. (Navigating away
        // is no good here: headless Chromium may keep the page, and its socket, in its back/forward
        // cache.)
        a.script("window.SwitchboardTransports.latest.close()");
        b.await("alice gone from bob's list", d -> b.memberNicks().equals(List.of("bob")));
        assertThat(serverMembers()).containsExactly("bob");
    }

    @Test
    void socketIoAndLongPollingOfOnePageAreOneMember() throws Exception {
        a.open(server.server().port(), "socketio").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport("socketio");
        awaitExactlyAliceAndBob(a);

        new Select(a.driver.findElement(By.id("transport-select"))).selectByValue("longpoll");
        a.awaitTransport("longpoll");
        awaitAliceHears("ping over long-polling");
        assertThat(serverMembers()).containsExactlyInAnyOrder("alice", "bob");
        awaitExactlyAliceAndBob(b);

        new Select(a.driver.findElement(By.id("transport-select"))).selectByValue("socketio");
        a.awaitTransport("socketio");
        awaitAliceHears("ping over socket.io");
        assertThat(serverMembers()).containsExactlyInAnyOrder("alice", "bob");
        awaitExactlyAliceAndBob(a);
        awaitExactlyAliceAndBob(b);
        a.script("window.SwitchboardTransports.latest.close()");
        b.await("alice gone from bob's list", d -> b.memberNicks().equals(List.of("bob")));
    }

    @Test
    void twoPeopleWithOneNicknameAreTwoMembersAndSeeOnlyTheirOwnMessagesAsTheirs() throws Exception {
        a.open(server.server().port(), "sse").chooseNick("sam");
        b.open(server.server().port(), "websocket").chooseNick("sam");
        a.awaitTransport("sse");
        for (ChatPage page : List.of(a, b)) {
            page.await(
                    "two sams listed",
                    d -> page.memberNicks().equals(List.of("sam", "sam"))
                            && page.text("#member-count").equals("2 members online"));
        }
        assertThat(serverMembers()).containsExactly("sam", "sam");

        a.send("from the sse sam");
        b.send("from the websocket sam");
        Map<String, Object> aOwn = a.awaitConfirmed("from the sse sam");
        Map<String, Object> bOwn = b.awaitConfirmed("from the websocket sam");
        Map<String, Object> aSeesB = a.awaitMessage("from the websocket sam");
        Map<String, Object> bSeesA = b.awaitMessage("from the sse sam");
        assertThat(aOwn).containsEntry("mine", true);
        assertThat(bOwn).containsEntry("mine", true);
        assertThat(aSeesB).as("the other sam's message at the sse page").containsEntry("mine", false);
        assertThat(bSeesA).as("the other sam's message at the websocket page").containsEntry("mine", false);

        // after a reload the page still knows its own messages: it is the same member
        a.driver.navigate().refresh();
        a.awaitTransport("sse");
        assertThat(a.awaitConfirmed("from the sse sam")).containsEntry("mine", true);
        assertThat(a.awaitMessage("from the websocket sam")).containsEntry("mine", false);
    }
}
