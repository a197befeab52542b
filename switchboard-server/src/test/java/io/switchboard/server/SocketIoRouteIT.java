package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The main server hands {@code /socket.io/} (polling and WebSocket) to the Socket.IO server. */
class SocketIoRouteIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private static final TestServer server = TestServer.start();

    @Test
    void pollingHandshakeAnnouncesTheHttpBodyLimitAsMaxPayload() throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.http("/socket.io/?EIO=4&transport=polling")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode open = JSON.readTree(res.body().substring(1));
        assertThat(open.get("maxPayload").asInt())
                .isEqualTo(server.server().config().maxHttpBodyBytes());
    }

    @Test
    void badEngineIoRequestGetsTheReferenceErrorBody() throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.http("/socket.io/?EIO=4&transport=carrier-pigeon")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
    }

    @Test
    void webSocketClientConnectsToTheMainNamespace() throws Exception {
        try (EngineIoWsClient ws =
                EngineIoWsClient.connect(URI.create(server.ws("/socket.io/?EIO=4&transport=websocket")))) {
            assertThat((String) ws.next()).startsWith("0{\"sid\":");
            ws.send("40");
            assertThat((String) ws.nextSkippingPings()).startsWith("40{\"sid\":");
        }
    }
}
