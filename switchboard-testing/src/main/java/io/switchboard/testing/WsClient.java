package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JDK {@code java.net.http} WebSocket client that records every text message it receives, for
 * tests. {@link #next} and {@link #await} take messages in order; {@link #assertNothingMore} fails
 * when a message nobody expected is left over.
 */
public final class WsClient implements AutoCloseable {
    /**
     * Only catches a server that never answers: the test JVMs run in parallel (README, "Tests") on
     * a shared machine, where a handshake has been seen to take over 5 s.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final boolean autoRequest;
    private final WebSocket socket;

    private WsClient(URI uri, boolean autoRequest, String origin) {
        this(uri, autoRequest, origin, HTTP);
    }

    private WsClient(URI uri, boolean autoRequest, String origin, HttpClient http) {
        this.autoRequest = autoRequest;
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (origin != null) {
            b.header("Origin", origin);
        }
        this.socket = b.buildAsync(uri, new Listener()).join();
    }

    public static WsClient connect(String url) {
        return new WsClient(URI.create(url), true, null);
    }

    /** A client on {@code http}'s settings: a {@code wss://} test passes one that trusts its certificate. */
    public static WsClient connect(String url, HttpClient http) {
        return new WsClient(URI.create(url), true, null, http);
    }

    public static WsClient connectWithOrigin(String url, String origin) {
        return new WsClient(URI.create(url), true, origin);
    }

    /** A native-protocol client at {@code url} that has set its nickname and joined the room. */
    public static WsClient member(String url, String nick, String room) {
        WsClient c = connect(url);
        c.awaitType("welcome");
        c.send("{\"type\":\"nick\",\"nick\":\"" + nick + "\"}");
        c.awaitType("nick");
        c.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        c.awaitType("joined");
        return c;
    }

    /** A client that reads nothing after the first message until {@link #request} is called. */
    public static WsClient connectPaused(String url) {
        return new WsClient(URI.create(url), false, null);
    }

    public WebSocket socket() {
        return socket;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendJson(String json) {
        send(json);
    }

    public void request(long n) {
        socket.request(n);
    }

    /** The next message as text, failing after five seconds. */
    public String next() {
        try {
            String m = messages.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                fail("no message within 5 s" + (closed.isDone() ? "; closed with " + closed.join()[0] : ""));
            }
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public JsonNode nextJson() {
        try {
            return JSON.readTree(next());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Skips messages until one matches; fails after five seconds. Returns the match. */
    public JsonNode await(Predicate<JsonNode> match) {
        return await(match, Duration.ofSeconds(5));
    }

    /** Skips messages until one matches; fails after {@code wait}. Returns the match. */
    public JsonNode await(Predicate<JsonNode> match, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                String m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m == null) {
                    break;
                }
                JsonNode node = JSON.readTree(m);
                if (match.test(node)) {
                    return node;
                }
                skipped.add(m);
            } catch (InterruptedException | IOException e) {
                throw new AssertionError(e);
            }
        }
        return fail("no matching message within " + wait + "; skipped " + skipped);
    }

    /** The next message of the given type, skipping others. */
    public JsonNode awaitType(String type) {
        return await(n -> type.equals(n.path("type").asText()));
    }

    public void assertNothingMore(Duration wait) {
        try {
            String m = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("unexpected message left over").isNull();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The close status the server sent (or 1006 when the connection dropped), within ten seconds. */
    public int awaitClose() {
        return awaitClose(Duration.ofSeconds(10));
    }

    public int awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS)[0];
        } catch (Exception e) {
            throw new AssertionError("not closed within " + wait, e);
        }
    }

    public String closeReason() {
        return closeReason.getNow(null);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            if (autoRequest) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            messages.add("<binary " + data.remaining() + " bytes>");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closed.complete(new int[] {statusCode});
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason.complete(String.valueOf(error));
            closed.complete(new int[] {1006});
        }
    }
}
