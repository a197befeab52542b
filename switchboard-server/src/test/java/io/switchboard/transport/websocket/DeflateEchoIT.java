package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * permessage-deflate conformance of the WebSocket pipeline every endpoint shares, on {@code /echo},
 * in the manner of Autobahn|Testsuite's cases 12 and 13 (which the build's Autobahn plugin cannot
 * run: its testsuite ships without them). For each client offer of case 13 and message sizes from
 * 16 bytes to 128 KiB, text and binary, whole and fragmented, a client that keeps its compression
 * context across messages (as case 12 does) sends compressible and random messages; every echo must
 * come back equal, and the server's compressed echoes must inflate on their own (the
 * {@code server_no_context_takeover} it always answers).
 */
class DeflateEchoIT {
    /** Autobahn 12.x's sizes, up to its largest. */
    private static final int[] SIZES = {16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072};
    /** Messages per size (text and binary, whole and fragmented); Autobahn sends 1000 of one kind. */
    private static final int MESSAGES = 4;

    @AutoClose
    private static final TestServer server =
            TestServer.start(b -> b.enableEcho(true).maxFrameBytes(256 * 1024).rateLimit(1_000_000, 1_000_000));

    /** Case 13's client offers, the answer's parameters that must appear, and whether the client resets per message. */
    static Stream<Arguments> offers() {
        return Stream.of(
                Arguments.of("permessage-deflate", false),
                Arguments.of("permessage-deflate; client_no_context_takeover", true),
                Arguments.of("permessage-deflate; client_max_window_bits", false),
                Arguments.of("permessage-deflate; client_no_context_takeover; client_max_window_bits=15", true),
                Arguments.of("permessage-deflate; server_no_context_takeover", false),
                Arguments.of("permessage-deflate; server_max_window_bits=15", false),
                Arguments.of("permessage-deflate; server_max_window_bits=9, permessage-deflate", false));
    }

    @ParameterizedTest
    @MethodSource("offers")
    void everyMessageEchoesEqualWithContextTakeoverAndFragments(String offer, boolean clientResets) throws IOException {
        Random random = new Random(offer.hashCode());
        try (DeflateSocket ws = DeflateSocket.connect(server.port(), "/echo", offer)) {
            assertThat(ws.status()).isEqualTo(101);
            assertThat(ws.extensions()).startsWith("permessage-deflate").contains("server_no_context_takeover");
            Deflater context = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                for (int size : SIZES) {
                    for (int i = 0; i < MESSAGES; i++) {
                        boolean text = i % 2 == 0;
                        byte[] message = text ? compressibleText(size, random) : randomBytes(size, random);
                        byte[] compressed = compress(context, message, clientResets);
                        int fragment = i % 4 < 2 ? Integer.MAX_VALUE : Math.max(1, compressed.length / 3);
                        ws.sendFragmented(text ? 0x1 : 0x2, true, compressed, fragment);
                        DeflateSocket.Frame echo = ws.next();
                        assertThat(echo.opcode()).as("opcode of the echo").isEqualTo(text ? 0x1 : 0x2);
                        byte[] back =
                                echo.compressed() ? BroadcastCompressionTest.inflate(echo.payload()) : echo.payload();
                        assertThat(back)
                                .as("echo of %s message %d of %d bytes", text ? "text" : "binary", i, size)
                                .isEqualTo(message);
                    }
                }
            } finally {
                context.end();
            }
        }
    }

    /** RFC 7692 section 7.2.1 with the client's context kept from earlier messages unless {@code reset}. */
    private static byte[] compress(Deflater deflater, byte[] message, boolean reset) {
        if (reset) {
            deflater.reset();
        }
        deflater.setInput(message);
        List<byte[]> chunks = new ArrayList<>();
        int total = 0;
        while (true) {
            byte[] buf = new byte[Math.max(64, message.length + 64)];
            int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            chunks.add(Arrays.copyOf(buf, n));
            total += n;
            if (n < buf.length) {
                break;
            }
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return Arrays.copyOf(out, total - 4);
    }

    /** Text like chat: words from a small vocabulary, so it compresses and repeats across messages. */
    private static byte[] compressibleText(int size, Random random) {
        String[] words = {"hello", "switchboard", "room", "message", "deflate", "élan", "ok", "😀", "again"};
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        while (bytes < size) {
            String w = words[random.nextInt(words.length)] + ' ';
            b.append(w);
            bytes += w.getBytes(StandardCharsets.UTF_8).length;
        }
        byte[] all = b.toString().getBytes(StandardCharsets.UTF_8);
        // cut at a character boundary at or below size, so the text stays valid UTF-8
        int end = size;
        while (end < all.length && end > 0 && (all[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(all, end);
    }

    private static byte[] randomBytes(int size, Random random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
