package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ChatPage;
import io.switchboard.testing.ClassBrowser;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat page's own defences in headless Chromium, on every transport: the page runs and chats
 * under its Content-Security-Policy with no violation in the console, the policy is in force (an
 * inline script injected into the page does not run), and markup, script and {@code javascript:}
 * links in messages, from a peer and from the page itself, are shown as text: no element made from
 * them, nothing run, only {@code http(s)} links clickable.
 */
class ChatPageDefencesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ATTACKS = List.of(
            "<img src=x onerror=\"window.pwned = 'img'\">",
            "<script>window.pwned = 'script'</script>",
            "javascript:window.pwned='link'",
            "<a href=\"javascript:window.pwned='anchor'\">click</a> and [x](javascript:alert(1))",
            "<iframe srcdoc=\"<script>parent.pwned='frame'</script>\"></iframe>");

    @RegisterExtension
    static final ClassBrowser browser = ClassBrowser.oneTab(1280, 800);

    @AutoClose
    private final TestServer server = TestServer.start(b -> b.rateLimit(10_000, 10_000));

    private ChatPage page;

    @AfterEach
    void leavePage() {
        if (page != null) {
            page.driver.get("about:blank");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "sse", "stream", "longpoll", "poll", "socketio"})
    void thePageChatsUnderItsPolicyAndShowsMarkupAsText(String transport) throws Exception {
        page = new ChatPage(browser.get(), TIMEOUT)
                .open(server.port(), transport)
                .chooseNick("alice");
        page.awaitTransport(transport);
        try (WsClient mallory = WsClient.member(server.ws("/ws"), "mallory", "lobby")) {
            for (String attack : ATTACKS) {
                mallory.send(JSON.writeValueAsString(Map.of("type", "send", "room", "lobby", "text", attack)));
            }
            for (String attack : ATTACKS) {
                assertThat(page.awaitMessage(attack)).containsEntry("from", "mallory");
            }
            String own = "<b onmouseover=\"window.pwned='own'\">bold</b> see https://example.com/a?b=1";
            page.sendConfirmed(own);
            mallory.await(n -> n.path("type").asText().equals("message")
                    && n.path("message").path("text").asText().equals(own));
        }

        assertThat(page.count("#messages img, #messages script, #messages iframe, #messages b"))
                .isZero();
        assertThat(page.count("#messages [onerror], #messages [onmouseover], #messages [srcdoc]"))
                .isZero();
        assertThat(page.count("#messages a[href^='javascript'], #messages a[href^=' javascript']"))
                .isZero();
        assertThat(page.script("return Array.from(document.querySelectorAll('#messages .text a'), a => a.href)"))
                .isEqualTo(List.of("https://example.com/a?b=1"));
        assertThat(page.script("return window.pwned === undefined")).isEqualTo(true);

        assertThat(page.scriptErrors())
                .as("console errors, Content-Security-Policy violations among them")
                .isEmpty();

        // the policy is in force: a script element put into the page by a script is not run
        page.script("const s = document.createElement('script');"
                + "s.textContent = 'window.inlineRan = true';"
                + "document.body.append(s);");
        assertThat(page.script("return window.inlineRan === undefined")).isEqualTo(true);
        assertThat(page.scriptErrors())
                .as("the injected inline script is reported as blocked by the policy")
                .anyMatch(e -> e.contains("Content Security Policy"));
    }
}
