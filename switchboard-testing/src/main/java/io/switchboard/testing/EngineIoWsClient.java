package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket client for Engine.IO tests: records text frames as {@code String} and binary
 * frames as {@code byte[]}, in order, and when the server closed. Thread-safe.
 */
public final class EngineIoWsClient implements AutoCloseable {
    /**
     * Only catches a server that never answers: the test JVMs run in parallel (README, "Tests") on
     * a shared machine, where a handshake has been seen to take over 5 s.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private EngineIoWsClient(URI uri) {
        this.socket = HTTP.newWebSocketBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(uri, new Listener())
                .join();
    }

    public static EngineIoWsClient connect(URI uri) {
        return new EngineIoWsClient(uri);
    }

    /**
     * The next frame, a {@code String} or a {@code byte[]}; fails after {@link #FRAME_TIMEOUT}, which
     * only catches a server that never sends (a loaded CI machine has been seen to take 5 s).
     */
    public Object next() throws InterruptedException {
        Object f = frames.poll(FRAME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new AssertionError("no frame within " + FRAME_TIMEOUT.toSeconds() + " s");
        }
        return f;
    }

    /** The next frame that is not an Engine.IO ping. */
    public Object nextSkippingPings() throws InterruptedException {
        while (true) {
            Object f = next();
            if (!"2".equals(f)) {
                return f;
            }
        }
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Waits for the server to close; returns the close status. */
    public int awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                frames.add(binary.toByteArray());
                binary = new ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}
