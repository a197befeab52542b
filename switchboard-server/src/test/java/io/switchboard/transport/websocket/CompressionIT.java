package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (RFC 7692, issue #13) on a running server: negotiated on {@code /ws},
 * {@code /} and Socket.IO's WebSocket, always with {@code server_no_context_takeover}; broadcasts
 * arrive compressed; a message that inflates past {@code --max-frame-bytes} closes its connection
 * with 1009 while the others chat on; {@code --no-compression} answers no offer.
 */
class CompressionIT {
    private static final String OFFER = "permessage-deflate; client_max_window_bits";
    private static final String LONG_TEXT = "compressible chat text, said again and again; ".repeat(12);

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.rateLimit(10_000, 10_000));

    @AutoClose
    private static final TestServer plain = TestServer.start(b -> b.compression(false));

    @Test
    void deflateIsNegotiatedOnTheNativeEndpointWithoutServerContextTakeover() throws Exception {
        try (DeflateSocket ws = DeflateSocket.connect(server.port(), "/ws", OFFER)) {
            assertThat(ws.status()).isEqualTo(101);
            assertThat(ws.extensions()).startsWith("permessage-deflate").contains("server_no_context_takeover");
            assertThat(ws.nextTextContaining("welcome")).contains("\"type\":\"welcome\"");
        }
    }

    @Test
    void deflateIsNegotiatedOnTheTutorialEndpointWhenOffered() throws Exception {
        try (DeflateSocket ws = DeflateSocket.connect(server.port(), "/", OFFER)) {
            assertThat(ws.extensions()).startsWith("permessage-deflate").contains("server_no_context_takeover");
        }
        try (DeflateSocket ws = DeflateSocket.connect(server.port(), "/", null)) {
            assertThat(ws.status()).isEqualTo(101);
            assertThat(ws.extensions()).as("no offer, no extension").isNull();
        }
    }

    @Test
    void deflateIsNegotiatedOnSocketIoWebSocket() throws Exception {
        try (DeflateSocket ws = DeflateSocket.connect(server.port(), "/socket.io/?EIO=4&transport=websocket", OFFER)) {
            assertThat(ws.status()).isEqualTo(101);
            assertThat(ws.extensions()).startsWith("permessage-deflate").contains("server_no_context_takeover");
            assertThat(ws.nextTextContaining("\"sid\"")).startsWith("0{");
        }
    }

    @Test
    void anOfferForASmallerServerWindowIsDeclinedAndTheNextOfferTaken() throws Exception {
        try (DeflateSocket ws = DeflateSocket.connect(
                server.port(), "/ws", "permessage-deflate; server_max_window_bits=10, permessage-deflate")) {
            assertThat(ws.extensions())
                    .startsWith("permessage-deflate")
                    .contains("server_no_context_takeover")
                    .doesNotContain("server_max_window_bits");
        }
    }

    @Test
    void compressedMessagesAreReadAndBroadcastsArriveCompressed() throws Exception {
        try (DeflateSocket alice = DeflateSocket.connect(server.port(), "/ws", OFFER);
                DeflateSocket bob = DeflateSocket.connect(server.port(), "/ws", OFFER)) {
            for (DeflateSocket s : new DeflateSocket[] {alice, bob}) {
                s.nextTextContaining("welcome");
                s.sendCompressed("{\"type\":\"join\",\"room\":\"deflate\"}");
                s.nextTextContaining("\"joined\"");
            }
            alice.sendCompressed("{\"type\":\"send\",\"room\":\"deflate\",\"text\":\"" + LONG_TEXT + "\"}");
            DeflateSocket.Frame frame;
            do {
                frame = bob.next();
            } while (!frame.text().contains("\"type\":\"message\""));
            assertThat(frame.compressed()).as("RSV1 on the broadcast").isTrue();
            assertThat(frame.payload().length).isLessThan(LONG_TEXT.length() / 2);
            assertThat(frame.text()).contains(LONG_TEXT);
        }
    }

    @Test
    void aDecompressionBombIsClosedWith1009WhileAnotherClientKeepsChatting() throws Exception {
        try (WsClient other = WsClient.member(server.ws("/ws"), "carol", "bombed");
                DeflateSocket attacker = DeflateSocket.connect(server.port(), "/ws", OFFER)) {
            attacker.nextTextContaining("welcome");
            // 4 MiB of one letter deflates to about 4 KiB: far under the frame limit on the wire, 64 times it inflated
            byte[] bomb = DeflateSocket.deflate(
                    ("{\"type\":\"send\",\"room\":\"bombed\",\"text\":\"" + "a".repeat(4 << 20) + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(bomb.length).isLessThan(65_536);
            attacker.sendFrame(0x1, true, bomb);
            DeflateSocket.Frame close = attacker.awaitClose();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.closeReason()).isEqualTo("message too big");

            other.send("{\"type\":\"send\",\"room\":\"bombed\",\"text\":\"still here\"}");
            assertThat(other.await(j -> j.path("type").asText().equals("message"))
                            .toString())
                    .contains("\"text\":\"still here\"");
        }
    }

    @Test
    void aDecompressionBombOnSocketIoIsClosedWith1009() throws Exception {
        try (DeflateSocket attacker =
                DeflateSocket.connect(server.port(), "/socket.io/?EIO=4&transport=websocket", OFFER)) {
            attacker.nextTextContaining("\"sid\"");
            // an Engine.IO message packet ("4") that inflates far past maxPayload
            byte[] bomb = DeflateSocket.deflate(("4" + "b".repeat(4 << 20)).getBytes(StandardCharsets.UTF_8));
            attacker.sendFrame(0x1, true, bomb);
            DeflateSocket.Frame close = attacker.awaitClose();
            assertThat(close.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void noCompressionAnswersNoOffer() throws Exception {
        for (String path : new String[] {"/ws", "/", "/socket.io/?EIO=4&transport=websocket"}) {
            try (DeflateSocket ws = DeflateSocket.connect(plain.port(), path, OFFER)) {
                assertThat(ws.status()).isEqualTo(101);
                assertThat(ws.extensions()).as(path).isNull();
            }
        }
    }
}
