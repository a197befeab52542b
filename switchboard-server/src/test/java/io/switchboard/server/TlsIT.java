package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * https and wss on the server's one port (issue #13), with clients that trust the test's
 * certificate: the JDK's WebSocket on {@code /ws} and {@code /}, the JDK's HttpClient on the HTTP
 * API and SSE, and the official Socket.IO Java client over OkHttp.
 */
class TlsIT {
    private static Path dir;
    private static TestServer server;
    private static SSLContext trusting;
    private static X509TrustManager trustManager;
    private static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("switchboard-tls");
        DevelopmentCertificate cert = DevelopmentCertificate.generate("127.0.0.1");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        cert.writePem(certFile, keyFile);
        server = TestServer.start(
                b -> b.tls(TlsSettings.files(certFile, keyFile)).rateLimit(10_000, 10_000));

        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("switchboard", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        trustManager = (X509TrustManager) tmf.getTrustManagers()[0];
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        https = HttpClient.newBuilder()
                .sslContext(trusting)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static String url(String scheme, String path) {
        return scheme + "://127.0.0.1:" + server.port() + path;
    }

    private static WsClient member(String nick, String room) {
        WsClient c = WsClient.connect(url("wss", "/ws"), https);
        c.awaitType("welcome");
        c.send("{\"type\":\"nick\",\"nick\":\"" + nick + "\"}");
        c.awaitType("nick");
        c.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        c.awaitType("joined");
        return c;
    }

    @Test
    void nativeClientsChatOverWss() {
        try (WsClient alice = member("alice", "tls-native");
                WsClient bob = member("bob", "tls-native")) {
            alice.send("{\"type\":\"send\",\"room\":\"tls-native\",\"text\":\"over tls\"}");
            // the broadcast is a pre-built frame written past the protocol handlers: it must still be encrypted
            assertThat(bob.awaitType("message").path("message").path("text").asText())
                    .isEqualTo("over tls");
        }
    }

    @Test
    void aCloseFromTheServerReachesTheClientOverWss() {
        try (WsClient c = WsClient.connect(url("wss", "/ws"), https)) {
            c.awaitType("welcome");
            // binary frames are refused with 1003; the close frame must arrive before the TCP half-close
            c.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
            assertThat(c.awaitClose()).isEqualTo(1003);
        }
    }

    @Test
    void tutorialClientsChatOverWss() {
        try (WsClient ann = WsClient.connect(url("wss", "/"), https);
                WsClient ben = WsClient.connect(url("wss", "/"), https)) {
            assertThat(ann.next()).contains("\"text\"");
            assertThat(ben.next()).contains("\"text\"");
            ann.send("hello over tls");
            assertThat(ann.await(j -> j.path("text").asText().endsWith("hello over tls"))
                            .path("text")
                            .asText())
                    .startsWith("me: ");
            assertThat(ben.await(j -> j.path("text").asText().endsWith("hello over tls"))
                            .path("text")
                            .asText())
                    .startsWith("other: ");
        }
    }

    @Test
    void httpApiAndServerSentEventsWorkOverHttps() throws Exception {
        HttpResponse<String> posted = https.send(
                HttpRequest.newBuilder(URI.create(url("https", "/api/rooms/tls-api/messages")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"curl\",\"text\":\"posted over tls\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(posted.version()).isEqualTo(HttpClient.Version.HTTP_1_1);

        HttpResponse<Stream<String>> events = https.send(
                HttpRequest.newBuilder(URI.create(url("https", "/api/rooms/tls-api/events?after=0")))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        try (Stream<String> lines = events.body()) {
            assertThat(lines.filter(l -> l.startsWith("data:")).findFirst())
                    .hasValueSatisfying(l -> assertThat(l).contains("posted over tls"));
        }
    }

    @Test
    void theOfficialSocketIoClientConnectsOverTls() throws Exception {
        OkHttpClient okHttp = new OkHttpClient.Builder()
                .sslSocketFactory(trusting.getSocketFactory(), trustManager)
                .build();
        for (String transport : new String[] {"polling", "websocket"}) {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.transports = new String[] {transport};
            options.callFactory = okHttp;
            options.webSocketFactory = okHttp;
            options.auth = Map.of("nick", "sio-" + transport);
            Socket socket = IO.socket(URI.create(url("https", "")), options);
            try {
                CountDownLatch connected = new CountDownLatch(1);
                socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
                socket.connect();
                assertThat(connected.await(10, TimeUnit.SECONDS))
                        .as(transport + " connected")
                        .isTrue();
                BlockingQueue<Object> acks = new LinkedBlockingQueue<>();
                JSONObject join = new JSONObject().put("room", "tls-sio");
                socket.emit("join", new Object[] {join}, args -> acks.add(args[0]));
                assertThat(acks.poll(10, TimeUnit.SECONDS))
                        .as(transport + " join acknowledged")
                        .isNotNull();
            } finally {
                socket.close();
            }
        }
        okHttp.dispatcher().executorService().shutdown();
    }

    @Test
    void alpnSelectsHttp1() throws IOException {
        try (SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            SSLParameters params = s.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            s.setSSLParameters(params);
            s.startHandshake();
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
        }
    }

    @Test
    void aPlainHttpRequestOnTheTlsPortIsDroppedAndTheServerServesOn() throws Exception {
        try (var plain = SocketFactory.getDefault().createSocket("127.0.0.1", server.port())) {
            plain.setSoTimeout(10_000);
            OutputStream out = plain.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = plain.getInputStream();
            // no HTTP answer: whatever comes back is a TLS alert or nothing, then the end of the stream
            byte[] answer = in.readAllBytes();
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
        }
        HttpResponse<String> health = https.send(
                HttpRequest.newBuilder(URI.create(url("https", "/healthz"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url("https", "/healthz")))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()))
                .as("a client that does not trust the certificate")
                .isInstanceOf(IOException.class);
    }
}
