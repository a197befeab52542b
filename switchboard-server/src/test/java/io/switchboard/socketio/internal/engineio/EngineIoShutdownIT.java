package io.switchboard.socketio.internal.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Await;
import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping the main server closes every Socket.IO session with "server shutting down": a waiting
 * poll gets the Engine.IO close packet, a WebSocket gets it and then close 1001, and the server's
 * sockets hear the reason.
 */
class EngineIoShutdownIT {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static HttpRequest request(TestServer server, String query, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.http("/socket.io/?EIO=4" + query)))
                .timeout(Duration.ofSeconds(10));
        return (body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body))).build();
    }

    private static String send(TestServer server, String query, String body) throws Exception {
        return HTTP.send(request(server, query, body), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void stoppingTheServerClosesPollingAndWebSocketSessionsAsServerShuttingDown() throws Exception {
        TestServer server = new TestServer();
        boolean closed = false;
        try {
            List<String> reasons = new CopyOnWriteArrayList<>();
            server.server().socketIo().sockets().onConnection(s -> s.onDisconnect(r -> reasons.add(r.description())));

            EngineIoWsClient ws =
                    EngineIoWsClient.connect(URI.create(server.ws("/socket.io/?EIO=4&transport=websocket")));
            assertThat((String) ws.next()).startsWith("0{\"sid\":");
            ws.send("40");
            assertThat((String) ws.nextSkippingPings()).startsWith("40{\"sid\":");
            // the chat on the main namespace greets every socket
            assertThat((String) ws.nextSkippingPings()).startsWith("42[\"welcome\",");

            String open = send(server, "&transport=polling", null);
            String sid = open.substring(9, open.indexOf('"', 9));
            assertThat(send(server, "&transport=polling&sid=" + sid, "40")).isEqualTo("ok");
            assertThat(send(server, "&transport=polling&sid=" + sid, null)).startsWith("40{\"sid\":");
            CompletableFuture<HttpResponse<String>> poll = HTTP.sendAsync(
                    request(server, "&transport=polling&sid=" + sid, null), HttpResponse.BodyHandlers.ofString());
            Await.until(
                    Duration.ofSeconds(10),
                    () -> server.server().socketIo().engine().hasWaitingPoll(sid),
                    "the poll to be held");
            assertThat(poll).as("the poll waits").isNotDone();
            assertThat(server.server().socketIo().engine().sessionCount()).isEqualTo(2);

            server.close();
            closed = true;

            assertThat(poll.get(5, TimeUnit.SECONDS).body())
                    .as("the waiting poll gets the close packet")
                    .isEqualTo("1");
            assertThat(ws.nextSkippingPings())
                    .as("the WebSocket gets the close packet")
                    .isEqualTo("1");
            assertThat(ws.awaitClose(Duration.ofSeconds(5)))
                    .as("then close 1001")
                    .isEqualTo(1001);
            ws.close();
            assertThat(reasons).containsExactly("server shutting down", "server shutting down");
            assertThat(server.server().socketIo().engine().sessionCount()).isZero();
        } finally {
            if (!closed) {
                server.close();
            }
        }
    }
}
