package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ChatPage;
import io.switchboard.testing.ClassBrowser;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat page in headless Chromium when its address already holds every stream the server allows
 * ({@code --max-streams-per-client}): a room whose stream or long-poll is refused with 429 falls
 * back to plain polling and says so once, instead of retrying the refused stream in a loop.
 */
class ChatPageStreamLimitIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @RegisterExtension
    static final ClassBrowser browser = ClassBrowser.oneTab(1280, 800);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sse", "stream", "longpoll"})
    void aRefusedStreamFallsBackToPollingAndKeepsTheConversationGoing(String transport) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (TestServer server = new TestServer(b -> b.maxStreamsPerClient(1))) {
            // another tab (or process) on the same address already holds the only stream allowed
            HttpResponse<InputStream> held = http.send(
                    HttpRequest.newBuilder(URI.create(server.http("/api/rooms/elsewhere/stream")))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(held.statusCode()).isEqualTo(200);
            try (InputStream ignored = held.body();
                    WsClient peer = WsClient.member(server.ws("/ws"), "bob", "lobby")) {
                ChatPage page = new ChatPage(browser.get(), TIMEOUT);
                page.open(server.server().port(), transport).chooseNick("alice");
                page.await("the fallback notice", d -> page.text("#toast").contains("instead of live"));

                peer.send("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"bob while alice polls\"}");
                peer.awaitType("ack");
                page.awaitMessage("bob while alice polls");
                page.sendConfirmed("alice while polling");
                peer.await(n -> "alice while polling"
                        .equals(n.path("message").path("text").asText()));

                assertThat(page.status())
                        .as("the page never went to reconnecting")
                        .isEqualTo("online");
                assertThat(page.attr("#transport-in-use", "data-transport")).isEqualTo(transport);
                List<String> errors = page.scriptErrors();
                assertThat(errors).as("only the refused requests are logged").allMatch(e -> e.contains("429"));
                assertThat(errors)
                        .as("the refused stream was not retried in a loop")
                        .hasSizeLessThanOrEqualTo(4);
            }
        }
    }
}
