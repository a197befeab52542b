package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ChatPage;
import io.switchboard.testing.ClassBrowser;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat page in headless Chromium follows a history reset on the HTTP transports: after a
 * {@code --database memory} server restarts (ids start at 1 again), a page that had ids 1-3 drops
 * them and shows the new server's messages, and its own next message, instead of waiting for ids
 * past 3. The page talks to the servers through one proxy, so it keeps its origin (and
 * localStorage) across the restart.
 */
class ChatPageResetIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ClassBrowser browser = ClassBrowser.oneTab(1280, 800);

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sse", "poll", "longpoll", "stream"})
    void aPageShowsTheNewMessagesAfterAMemoryStoreRestart(String transport) throws Exception {
        ChatPage page = new ChatPage(browser.get(), TIMEOUT);
        ServerProcess first = ServerProcess.start(dataDir, "--database", "memory");
        try (TcpProxy proxy = TcpProxy.start(first.port())) {
            page.open(proxy.port(), transport).chooseNick("alice");
            page.awaitTransport(transport);
            page.sendConfirmed("before restart 1");
            page.sendConfirmed("before restart 2");
            // a message from elsewhere is only shown once the feed brought it, and ids 1-2 before
            // it: the page's position is now 3, as in the issue
            post(first, "before restart 3");
            page.awaitMessage("before restart 3");
            proxy.cut();
            first.terminate(Duration.ofSeconds(10));
            try (ServerProcess second = ServerProcess.start(dataDir, "--database", "memory")) {
                post(second, "after restart 1");
                post(second, "after restart 2");
                proxy.retarget(second.port());
                proxy.restore();

                page.await("the new server's messages", d -> ChatPage.texts(page.messages())
                        .containsAll(List.of("after restart 1", "after restart 2")));
                page.awaitTransport(transport);
                page.sendConfirmed("alice after restart");
                page.await("only the new server's messages, in order", d -> ChatPage.texts(page.messages())
                        .equals(List.of("after restart 1", "after restart 2", "alice after restart")));
                assertThat(ChatPage.ids(page.messages())).containsExactly(1L, 2L, 3L);
            }
        } finally {
            page.driver.get("about:blank");
            first.close();
        }
    }

    private static void post(ServerProcess server, String text) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/rooms/lobby/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"bob\",\"text\":\"" + text + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
    }
}
