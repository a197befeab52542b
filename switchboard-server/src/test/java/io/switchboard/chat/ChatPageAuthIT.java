package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.TokenMinter;
import io.switchboard.auth.Tokens;
import io.switchboard.testing.ChatPage;
import io.switchboard.testing.ClassBrowser;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * The chat page in headless Chromium against a server that requires tokens: given one in its URL
 * or its dialog, it sends it on every transport, shows who the token says you are, and chats;
 * its messages are stored from the token's {@code sub}.
 */
class ChatPageAuthIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.auth(Tokens.settings(Duration.ofSeconds(25))));

    /** A fresh tab per test: the page keeps its token in sessionStorage, which is per tab. */
    @RegisterExtension
    static final ClassBrowser browser = ClassBrowser.freshTabs(1280, 800);

    private static String aliceToken() {
        return Tokens.sign(new TokenMinter.Claims(
                "alice", "Alice Liddell", null, null, Instant.now().plus(Duration.ofHours(1)), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "sse", "stream", "longpoll", "poll", "socketio"})
    void aTokenInTheUrlSignsThePageInOnEveryTransport(String transport) {
        try (WsClient bob = WsClient.connect(server.ws("/ws?token=" + Tokens.valid("bob", Duration.ofHours(1))))) {
            bob.awaitType("welcome");
            bob.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            bob.awaitType("joined");
            ChatPage page = new ChatPage(browser.get(), TIMEOUT).open(server.port(), transport);
            browser.get().driver().get("http://127.0.0.1:" + server.port() + "/?token=" + aliceToken());
            page.awaitTransport(transport);
            page.await("signed in as Alice", d -> page.text("#me-nick").equals("Alice Liddell"));
            assertThat(page.text("#me-hint")).isEqualTo("Signed in as alice");
            assertThat(browser.get().driver().getCurrentUrl())
                    .as("the token left the address bar")
                    .doesNotContain("token");

            page.send("hello from the page over " + transport);
            JsonNode atBob = bob.await(e -> e.path("type").asText().equals("message")
                            && e.path("message").path("text").asText().equals("hello from the page over " + transport))
                    .path("message");
            assertThat(atBob.path("from").asText()).isEqualTo("alice");
            Map<String, Object> own = page.awaitConfirmed("hello from the page over " + transport);
            assertThat(own).containsEntry("from", "alice").containsEntry("mine", true);

            bob.send("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"hi alice, " + transport + "\"}");
            assertThat(page.awaitMessage("hi alice, " + transport)).containsEntry("from", "bob");
            assertThat(page.scriptErrors()).isEmpty();
        }
    }

    @Test
    void aTokenPastedIntoTheDialogSignsThePageIn() {
        ChatPage page = new ChatPage(browser.get(), TIMEOUT).open(server.port(), "websocket");
        page.await("the dialog", d -> d.findElement(By.id("token-input")).isDisplayed());
        browser.get().driver().findElement(By.id("token-input")).sendKeys(aliceToken());
        browser.get().driver().findElement(By.id("nick-save")).click();
        page.awaitTransport("websocket");
        page.await("signed in as Alice", d -> page.text("#me-nick").equals("Alice Liddell"));
        page.sendConfirmed("pasted token works");
        assertThat(page.scriptErrors()).isEmpty();
    }
}
