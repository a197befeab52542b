package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ChatPage;
import io.switchboard.testing.HeadlessChromium;
import io.switchboard.testing.TcpProxy;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The chat page's transport selector in headless Chromium against a real server: every transport
 * (WebSocket, SSE, NDJSON streaming, long-polling, polling, Socket.IO) carries a conversation with
 * a WebSocket peer, switching transport mid-conversation loses and repeats nothing, Socket.IO rides
 * out a dropped connection with connection state recovery (the network cut by a {@link TcpProxy}),
 * and behind a proxy that strips {@code Upgrade} Socket.IO stays on long-polling and Auto falls back
 * to SSE.
 *
 * <p>Two browsers are shared by all tests; each test has its own server, so its own origin (port)
 * and so a fresh localStorage.
 */
class ChatPageTransportsIT {
    // generous: the page waits for a server and a second browser, in parallel with other test JVMs
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static HeadlessChromium browserA;
    private static HeadlessChromium browserB;

    @AutoClose
    private final TestServer server = TestServer.start();

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
        a = new ChatPage(browserA, TIMEOUT);
        b = new ChatPage(browserB, TIMEOUT);
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
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "sse", "stream", "longpoll", "poll", "socketio"})
    void aForcedTransportCarriesAConversationWithAWebSocketPeer(String transport) {
        a.open(server.server().port(), transport).chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport(transport);
        b.awaitTransport("websocket");
        assertThat(a.driver.findElement(By.id("transport-select")).getDomProperty("value"))
                .isEqualTo(transport);

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
            assertThat(ChatPage.texts(shown)).containsExactly("alice over " + transport, "bob to alice");
            assertThat(ChatPage.ids(shown)).isSorted().doesNotHaveDuplicates();
        }
        assertThat(ChatPage.ids(a.messages())).isEqualTo(ChatPage.ids(b.messages()));
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
        assertThat(a.script("return JSON.parse(localStorage.getItem('switchboard.transport'))"))
                .isEqualTo("websocket");

        a.awaitMessage(last);
        for (String text : fromAlice) {
            b.awaitMessage(text);
        }
        List<Map<String, Object>> atAlice = a.messages();
        assertThat(atAlice.stream()
                        .filter(m -> "bob".equals(m.get("from")))
                        .map(m -> (String) m.get("text"))
                        .toList())
                .as("bob's messages at alice, once each and in order")
                .isEqualTo(fromBob);
        assertThat(atAlice).noneSatisfy(m -> assertThat(m).containsEntry("pending", true));
        assertThat(ChatPage.texts(atAlice))
                .hasSize(fromBob.size() + fromAlice.size())
                .containsAll(fromAlice);
        assertThat(ChatPage.ids(atAlice)).isSorted().doesNotHaveDuplicates();
        assertThat(ChatPage.ids(atAlice)).isEqualTo(ChatPage.ids(b.messages()));

        a.screenshot(ChatPage.screenshotDir().resolve("chat-transport-selector.png"));
    }

    @Test
    void sseKeepsEveryJoinedRoomCurrentAndFollowsARename() {
        a.open(server.server().port(), "sse").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport("sse");
        a.joinRoom("design");
        a.await("alice in #design", d -> a.text("#room-title").equals("design"));
        a.driver
                .findElement(By.cssSelector("#rooms [data-room='lobby'] .room-open"))
                .click();
        a.await("alice back in #lobby", d -> a.text("#room-title").equals("lobby"));

        b.joinRoom("design");
        b.await("bob sees alice in #design", d -> b.memberNicks().contains("alice"));
        b.send("ping in design");
        b.awaitConfirmed("ping in design");
        a.await("one unread in #design", d -> a.text("#rooms [data-room='design'] .unread")
                .equals("1"));
        a.driver
                .findElement(By.cssSelector("#rooms [data-room='design'] .room-open"))
                .click();
        assertThat(ChatPage.texts(a.messages())).containsExactly("ping in design");

        a.driver.findElement(By.id("change-nick")).click();
        WebElement nick = a.await("nickname dialog", d -> d.findElement(By.id("nick-input")));
        nick.clear();
        nick.sendKeys("alicia", Keys.ENTER);
        b.await(
                "bob sees the rename",
                d -> b.memberNicks().contains("alicia") && !b.memberNicks().contains("alice"));
        a.send("renamed over sse");
        assertThat(b.awaitMessage("renamed over sse")).containsEntry("from", "alicia");
    }

    @Test
    void olderMessagesPageInOverHttp() {
        a.open(server.server().port(), "longpoll").chooseNick("alice");
        a.awaitTransport("longpoll");
        a.script(
                """
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
        assertThat(ChatPage.texts(a.messages())).isEqualTo(expected);
        assertThat(ChatPage.ids(a.messages())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void socketIoRidesOutADroppedConnectionWithoutLosingOrRepeatingAMessage() throws Exception {
        TcpProxy proxy = TcpProxy.start(server.server().port());
        toClose.add(proxy);
        a.open(proxy.port(), "socketio").chooseNick("alice");
        a.awaitTransport("socketio");
        WsClient bob = WsClient.member(server.ws("/ws"), "bob", "lobby");
        toClose.add(bob);
        a.await("bob in alice's member list", d -> a.memberNicks().contains("bob"));

        List<String> fromBob = new ArrayList<>();
        fromBob.add(bobSays(bob, "bob before the drop"));
        a.awaitMessage("bob before the drop");
        Object sid = a.script("return SwitchboardTransports.latest.sid");
        assertThat(sid).isInstanceOf(String.class);

        // The page's connection goes as a broken network would take it (reset); bob talks through
        // the gap, and the network comes back within the page's recovery allowance (5 s).
        // Alice's own message typed in the gap waits, and goes once the socket is back.
        proxy.cut();
        a.send("alice during the gap");
        for (int i = 1; i <= 5; i++) {
            fromBob.add(bobSays(bob, "bob during the gap #" + i));
        }
        proxy.restore();
        a.await("the socket recovered", d -> Long.valueOf(1)
                .equals(a.script("return SwitchboardTransports.latest.recoveries")));
        fromBob.add(bobSays(bob, "bob after the recovery"));
        for (String text : fromBob) {
            a.awaitMessage(text);
        }
        a.awaitConfirmed("alice during the gap");
        String mine = a.sendConfirmed("alice after the recovery");

        List<Map<String, Object>> atAlice = a.messages();
        assertThat(atAlice.stream()
                        .filter(m -> "bob".equals(m.get("from")))
                        .map(m -> (String) m.get("text"))
                        .toList())
                .as("bob's messages at alice, once each and in order")
                .isEqualTo(fromBob);
        assertThat(ChatPage.texts(atAlice))
                .hasSize(fromBob.size() + 2)
                .contains("alice during the gap")
                .endsWith(mine);
        assertThat(atAlice).noneSatisfy(m -> assertThat(m).containsEntry("pending", true));
        assertThat(ChatPage.ids(atAlice)).isSorted().doesNotHaveDuplicates();
        assertThat(ChatPage.texts(atAlice))
                .as("the page shows the room as stored")
                .isEqualTo(storedTexts("lobby"));
        assertThat(a.script("return SwitchboardTransports.latest.sid"))
                .as("the same socket")
                .isEqualTo(sid);
        assertThat(a.script("return SwitchboardTransports.latest.kind")).isEqualTo("socketio");
        assertThat(a.attr("#transport-in-use", "data-transport")).isEqualTo("socketio");
        assertThat(a.status()).isEqualTo("online");
        assertThat(a.memberNicks()).contains("alice", "bob");
    }

    @Test
    void socketIoStartsOverWhenItCannotRecoverItsSocket() throws Exception {
        TcpProxy proxy = TcpProxy.start(server.server().port());
        toClose.add(proxy);
        a.open(proxy.port(), "socketio").chooseNick("alice");
        a.awaitTransport("socketio");
        WsClient bob = WsClient.member(server.ws("/ws"), "bob", "lobby");
        toClose.add(bob);
        List<String> fromBob = new ArrayList<>();
        fromBob.add(bobSays(bob, "bob before the cut"));
        a.awaitMessage("bob before the cut");
        Object sid = a.script("return SwitchboardTransports.latest.sid");

        // The one recovery attempt meets the cut too: the page gives up on the socket and
        // reconnects as after any lost connection (a new socket, joins with `after`).
        proxy.cut();
        for (int i = 1; i <= 3; i++) {
            fromBob.add(bobSays(bob, "bob during the cut #" + i));
        }
        a.await("the page reconnecting", d -> "reconnecting".equals(a.status()));
        proxy.restore();
        a.awaitTransport("socketio");
        fromBob.add(bobSays(bob, "bob after the cut"));
        for (String text : fromBob) {
            a.awaitMessage(text);
        }
        a.sendConfirmed("alice after the cut");
        assertThat(ChatPage.texts(a.messages()))
                .as("the page shows the room as stored")
                .isEqualTo(storedTexts("lobby"));

        List<Map<String, Object>> atAlice = a.messages();
        assertThat(atAlice.stream()
                        .filter(m -> "bob".equals(m.get("from")))
                        .map(m -> (String) m.get("text"))
                        .toList())
                .as("bob's messages at alice, once each and in order")
                .isEqualTo(fromBob);
        assertThat(ChatPage.ids(atAlice)).isSorted().doesNotHaveDuplicates();
        assertThat(a.script("return SwitchboardTransports.latest.sid"))
                .as("a new socket")
                .isNotEqualTo(sid);
        assertThat(a.attr("#transport-in-use", "data-transport")).isEqualTo("socketio");
    }

    /** The texts of a room's stored messages, in id order (the HTTP API). */
    private List<String> storedTexts(String room) throws IOException, InterruptedException {
        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.http("/api/rooms/" + room + "/messages?limit=100")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        List<String> texts = new ArrayList<>();
        for (JsonNode m : new ObjectMapper().readTree(res.body())) {
            texts.add(m.path("text").asText());
        }
        return texts;
    }

    /** Bob sends over /ws and waits until the message is stored. */
    private static String bobSays(WsClient bob, String text) {
        String clientId = "bob-" + Integer.toHexString(text.hashCode());
        bob.sendJson(
                "{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"" + text + "\",\"clientId\":\"" + clientId + "\"}");
        bob.await(n -> "ack".equals(n.path("type").asText())
                && clientId.equals(n.path("clientId").asText()));
        return text;
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
        assertThat(a.driver.findElement(By.id("transport-select")).getDomProperty("value"))
                .isEqualTo("auto");
        a.screenshot(ChatPage.screenshotDir().resolve("chat-transport-auto-sse.png"));
    }

    @Test
    void socketIoStaysOnLongPollingBehindAProxyThatStripsTheWebSocketUpgrade() throws IOException {
        TcpProxy proxy = TcpProxy.startStrippingUpgrade(server.server().port());
        toClose.add(proxy);
        a.open(proxy.port(), "socketio").chooseNick("alice");
        b.open(server.server().port(), "websocket").chooseNick("bob");
        a.awaitTransport("socketio");

        a.send("through the old proxy");
        b.awaitMessage("through the old proxy");
        a.awaitConfirmed("through the old proxy");
        b.send("and back");
        a.awaitMessage("and back");
        assertThat(a.memberNicks()).contains("alice", "bob");
        assertThat(a.attr("#transport-in-use", "data-transport")).isEqualTo("socketio");
        assertThat(a.status()).isEqualTo("online");
    }

    // ---------------------------------------------------------------------------------------------

    /** One chat page in one of the shared browsers; every read goes through the DOM. */
}
