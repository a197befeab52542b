package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The tutorial clients' protocol at {@code /}, with the JDK WebSocket client and a raw socket. */
class SeedEndpointIT {
    @AutoClose
    private static final TestServer server = TestServer.start();

    @Test
    void rfcExampleKeyIsAnsweredWithTheRfcAccept() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.server().port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            // the tutorial's hand-typed handshake: no Host casing rules, no Origin
            out.write(("GET / HTTP/1.1\r\nHost: localhost:3000\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                            + "Sec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-Websocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            assertThat(head.toLowerCase()).contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=");
            assertThat(head).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            // then the welcome frame: FIN + text opcode, unmasked
            assertThat(s.getInputStream().read()).isEqualTo(0x81);
        }
    }

    @Test
    void welcomeIsJsonWithTextAndTimestamp() {
        try (WsClient c = WsClient.connect(server.ws("/"))) {
            JsonNode welcome = c.nextJson();
            assertThat(welcome.path("text").asText()).isNotBlank();
            assertThat(welcome.path("timestamp").asLong())
                    .isCloseTo(System.currentTimeMillis(), Offset.offset(60_000L));
        }
    }

    @Test
    void senderGetsMeAndEveryOtherClientGetsOther() {
        try (WsClient a = WsClient.connect(server.ws("/"));
                WsClient b = WsClient.connect(server.ws("/"))) {
            a.next();
            b.next();
            a.send("hello from a");
            JsonNode mine = a.await(n -> n.path("text").asText().endsWith("hello from a"));
            JsonNode theirs = b.await(n -> n.path("text").asText().endsWith("hello from a"));
            assertThat(mine.path("text").asText()).isEqualTo("me: hello from a");
            assertThat(theirs.path("text").asText()).isEqualTo("other: hello from a");
            assertThat(theirs.path("timestamp").isIntegralNumber()).isTrue();
            assertThat(theirs.path("id").asLong())
                    .isEqualTo(mine.path("id").asLong())
                    .isPositive();
            assertThat(theirs.path("room").asText()).isEqualTo("lobby");
        }
    }

    @Test
    void seedClientsAndNativeLobbyMembersSeeEachOther() {
        try (WsClient seed = WsClient.connect(server.ws("/"));
                WsClient page = WsClient.connect(server.ws("/ws"))) {
            seed.next();
            page.awaitType("welcome");
            page.send("{\"type\":\"nick\",\"nick\":\"alice\"}");
            page.send("{\"type\":\"join\",\"room\":\"lobby\",\"limit\":1}");
            page.awaitType("joined");

            seed.send("hi from the tutorial client");
            JsonNode onPage = page.await(n -> n.path("type").asText().equals("message")
                    && n.path("message").path("text").asText().equals("hi from the tutorial client"));
            assertThat(onPage.path("message").path("from").asText()).startsWith("guest-");

            page.send("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"hi from the page\"}");
            JsonNode onSeed = seed.await(n -> n.path("text").asText().endsWith("hi from the page"));
            assertThat(onSeed.path("text").asText()).isEqualTo("other: hi from the page");
            assertThat(onSeed.path("from").asText()).isEqualTo("alice");
        }
    }

    @Test
    void clientsWithoutOriginOrWithNullOriginConnect() {
        try (WsClient none = WsClient.connect(server.ws("/"));
                WsClient fileUrlPage = WsClient.connectWithOrigin(server.ws("/"), "null")) {
            assertThat(none.nextJson().has("text")).isTrue();
            assertThat(fileUrlPage.nextJson().has("text")).isTrue();
        }
    }

    @Test
    void blankMessageGetsANoticeAndIsNotBroadcast() {
        try (WsClient a = WsClient.connect(server.ws("/"));
                WsClient b = WsClient.connect(server.ws("/"))) {
            a.next();
            b.next();
            a.send("   ");
            assertThat(a.nextJson().path("text").asText()).startsWith("error:");
            b.assertNothingMore(Duration.ofMillis(300));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
