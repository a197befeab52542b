package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code /ws} client that joins one room and sends a stream of messages as fast as the server
 * acknowledges them, with up to {@code window} sends unacknowledged at a time (pipelined), and
 * records what it sent and every {@code ack} it got. Made for tests that stop or kill the server
 * mid-stream: the stream ends, without failing, when the connection goes away.
 *
 * <p>Message {@code n} of a stream has the client id {@code prefix + n} and the text
 * {@link #textFor}{@code (clientId)}.
 *
 * <p>Thread-safe: one sender thread, the JDK WebSocket's listener, and the test's thread reading
 * snapshots; the recorded state is guarded by {@code this}.
 */
public final class PipelinedSender implements AutoCloseable {
    /**
     * Only catches a server that never answers: the test JVMs run in parallel (README, "Tests") on
     * a shared machine, where a handshake has been seen to take over 5 s.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String room;
    private final WebSocket socket;
    private final CompletableFuture<JsonNode> joined = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final List<String> sent = new ArrayList<>();
    private final Map<String, Long> acks = new LinkedHashMap<>();
    private final List<String> repeatedAcks = new ArrayList<>();
    private final List<JsonNode> errors = new CopyOnWriteArrayList<>();
    private final List<Threshold> thresholds = new CopyOnWriteArrayList<>();
    private volatile Semaphore window = new Semaphore(0);
    private Thread sender;
    private volatile boolean stopped;

    private record Threshold(int acks, CompletableFuture<Void> reached) {}

    private PipelinedSender(String url, String room) {
        this.room = room;
        this.socket = HTTP.newWebSocketBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(URI.create(url), new Listener())
                .join();
    }

    /** Connects to {@code url} (a {@code /ws} address) and joins {@code room}; returns once joined. */
    public static PipelinedSender join(String url, String room) {
        PipelinedSender s = new PipelinedSender(url, room);
        s.socket
                .sendText("{\"type\":\"join\",\"room\":\"" + room + "\",\"limit\":1}", true)
                .join();
        try {
            s.joined.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.close();
            throw new AssertionError("no joined for room " + room + " within 10 s", e);
        }
        return s;
    }

    public static String textFor(String clientId) {
        return "message " + clientId;
    }

    /**
     * Starts the sender thread: {@code count} messages with client ids {@code prefix + 0 ..}, at
     * most {@code window} of them unacknowledged at a time. It stops early when the connection closes.
     */
    public synchronized void start(String prefix, int count, int window) {
        if (sender != null) {
            throw new IllegalStateException("already started");
        }
        this.window = new Semaphore(window);
        Semaphore permits = this.window;
        sender = new Thread(
                () -> {
                    for (int i = 0; i < count && !stopped; i++) {
                        try {
                            while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                if (stopped) {
                                    return;
                                }
                            }
                            if (stopped) {
                                return;
                            }
                            String clientId = prefix + i;
                            synchronized (this) {
                                sent.add(clientId);
                            }
                            socket.sendText(
                                            "{\"type\":\"send\",\"room\":\"" + room + "\",\"clientId\":\"" + clientId
                                                    + "\",\"text\":\"" + textFor(clientId) + "\"}",
                                            true)
                                    .get(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            // the connection went away (the test stopped the server): the stream ends here
                            return;
                        }
                    }
                },
                "pipelined-sender-" + room);
        sender.setDaemon(true);
        sender.start();
    }

    /** Completes once at least {@code n} acks have arrived. */
    public CompletableFuture<Void> ackedAtLeast(int n) {
        Threshold t = new Threshold(n, new CompletableFuture<>());
        thresholds.add(t);
        synchronized (this) {
            if (acks.size() >= n) {
                t.reached().complete(null);
            }
        }
        return t.reached();
    }

    /** Waits for the sender thread to finish, i.e. all sent or the connection gone. */
    public void awaitSenderDone(Duration timeout) {
        Thread t;
        synchronized (this) {
            t = sender;
        }
        if (t == null) {
            return;
        }
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            throw new AssertionError("the sender thread did not finish within " + timeout);
        }
    }

    /** The close status the server sent, or 1006 when the connection dropped without one. */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection not closed within " + timeout);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public String closeReason() {
        return closeReason;
    }

    /** Client ids of every send started, in order (the last ones may never have reached the server). */
    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    /** Client id → acknowledged message id, in the order the acks arrived. */
    public synchronized Map<String, Long> acks() {
        return new LinkedHashMap<>(acks);
    }

    /** Client ids acknowledged more than once on this connection (should be none). */
    public synchronized List<String> repeatedAcks() {
        return List.copyOf(repeatedAcks);
    }

    /** {@code error} events received. */
    public List<JsonNode> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        stopped = true;
        if (!closed.isDone()) {
            socket.abort();
        }
        awaitSenderDone(Duration.ofSeconds(15));
    }

    private void received(JsonNode event) {
        switch (event.path("type").asText()) {
            case "joined" -> joined.complete(event);
            case "ack" -> {
                int count;
                synchronized (this) {
                    String clientId = event.path("clientId").asText();
                    if (acks.putIfAbsent(clientId, event.path("id").asLong()) != null) {
                        repeatedAcks.add(clientId);
                    }
                    count = acks.size();
                }
                window.release();
                for (Threshold t : thresholds) {
                    if (count >= t.acks()) {
                        t.reached().complete(null);
                    }
                }
            }
            case "error" -> {
                errors.add(event);
                window.release();
            }
            default -> {
                // message, presence: not recorded
            }
        }
    }

    private void ended(int status, String reason) {
        stopped = true;
        closeReason = reason;
        closed.complete(status);
        joined.completeExceptionally(new IllegalStateException("closed with " + status + " " + reason));
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
                try {
                    received(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    errors.add(
                            JSON.createObjectNode().put("type", "unparseable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(1006, String.valueOf(error));
        }
    }
}
