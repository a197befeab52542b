package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ChatPage;
import io.switchboard.testing.HeadlessChromium;
import io.switchboard.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat page over https in headless Chromium (issue #13): it picks {@code wss:} for its
 * WebSocket and the page's own origin for everything else, so every transport works over TLS with
 * no setting. Chromium offers permessage-deflate, so a long message also comes back as a compressed
 * pre-built broadcast frame through the TLS handler. The browser is told to accept the test's
 * self-made certificate.
 */
class TlsPageIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Longer than the compression threshold, so the broadcast frame is compressed. */
    private static final String LONG = "a message long enough to be compressed on its way back; ".repeat(8);

    private static Path dir;
    private static TestServer server;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        dir = Files.createTempDirectory("switchboard-tls-page");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        DevelopmentCertificate.generate("127.0.0.1").writePem(cert, key);
        server = TestServer.start(b -> b.tls(TlsSettings.files(cert, key)));
        browser = HeadlessChromium.start(1280, 800, o -> o.addArguments("--ignore-certificate-errors"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            Files.deleteIfExists(dir.resolve("cert.pem"));
            Files.deleteIfExists(dir.resolve("key.pem"));
            Files.deleteIfExists(dir);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "sse", "socketio"})
    void thePageChatsOverHttpsOnEachTransport(String transport) {
        ChatPage page = new ChatPage(browser, TIMEOUT)
                .open("https://127.0.0.1:" + server.port(), transport)
                .chooseNick("tess");
        page.awaitTransport(transport);
        String text = transport + ": " + LONG;
        page.send(text);
        Map<String, Object> confirmed = page.awaitConfirmed(text.strip());
        assertThat(confirmed).containsEntry("from", "tess");
        assertThat(page.scriptErrors()).as("errors in the browser console").isEmpty();
    }
}
