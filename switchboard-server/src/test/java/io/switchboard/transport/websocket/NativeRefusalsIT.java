package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import org.junit.jupiter.api.Test;

/** Refusals on {@code /ws} that a client must be able to pair with its command, and that store nothing. */
class NativeRefusalsIT {

    @Test
    void aRateLimitedCommandsErrorEchoesItsRef() {
        try (TestServer server = new TestServer(b -> b.rateLimit(0.01, 2));
                WsClient ws = WsClient.connect(server.ws("/ws"))) {
            ws.awaitType("welcome");
            for (int i = 1; i <= 3; i++) {
                ws.send("{\"type\":\"nick\",\"nick\":\"n" + i + "\",\"ref\":\"r" + i + "\"}");
            }
            JsonNode error = ws.awaitType("error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limited");
            assertThat(error.path("ref").asText()).isEqualTo("r3");
        }
    }

    @Test
    void aLoneSurrogateIsRefusedAsInvalidTextAndNotStored() {
        try (TestServer server = new TestServer();
                WsClient ws = WsClient.member(server.ws("/ws"), "sue", "surrogates")) {
            ws.send("{\"type\":\"send\",\"room\":\"surrogates\",\"text\":\"a\\uDC00b\",\"ref\":\"s1\"}");
            JsonNode error = ws.awaitType("error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_text");
            assertThat(error.path("ref").asText()).isEqualTo("s1");
            ws.send("{\"type\":\"history\",\"room\":\"surrogates\",\"ref\":\"h1\"}");
            assertThat(ws.awaitType("history").path("messages")).isEmpty();
        }
    }

    @Test
    void aNicknameWithALoneSurrogateIsRefused() {
        try (TestServer server = new TestServer();
                WsClient ws = WsClient.connect(server.ws("/ws"))) {
            ws.awaitType("welcome");
            ws.send("{\"type\":\"nick\",\"nick\":\"x\\uD800\"}");
            assertThat(ws.awaitType("error").path("code").asText()).isEqualTo("invalid_nick");
        }
    }
}
