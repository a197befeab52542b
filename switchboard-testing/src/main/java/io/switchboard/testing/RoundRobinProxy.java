package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A plain round-robin TCP balancer on loopback, with no stickiness of any kind: each new
 * connection goes to the next backend in turn. That is what an nginx {@code upstream} without
 * {@code ip_hash} does, and what breaks servers that keep sessions in local memory.
 *
 * <p>Clients keep HTTP connections alive, which would make a per-connection balancer stickier than a
 * real one behind many users; {@link #perRequest} closes that gap: it rewrites the first request of
 * every connection to {@code Connection: close} (a WebSocket upgrade is left alone), so the server
 * closes after its answer and the client's next request comes on a new connection, to the next
 * backend.
 *
 * <p>Thread-safe. Blocking sockets, two daemon threads per connection; each direction is half-closed
 * (FIN) when its sender finishes, so an answer followed by a close reaches the client whole.
 */
public final class RoundRobinProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Integer> backends;
    private final boolean closeEachRequest;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** Picks the backend of a request head in {@link #perRequest} mode; null: round robin. */
    private volatile Chooser chooser;

    /** How a {@link #perRequest} proxy may pick a backend by the request's head instead of in turn. */
    @FunctionalInterface
    public interface Chooser {
        /**
         * @param head       the first request head of the connection (request line and headers)
         * @param roundRobin the backend's index in turn
         * @return the backend's index
         */
        int choose(String head, int roundRobin);
    }

    private RoundRobinProxy(ServerSocket listener, List<Integer> backends, boolean closeEachRequest) {
        this.listener = listener;
        this.backends = List.copyOf(backends);
        this.closeEachRequest = closeEachRequest;
        this.connections = new AtomicIntegerArray(backends.size());
        Thread acceptor = new Thread(this::acceptLoop, "round-robin-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Each new TCP connection to the next of {@code 127.0.0.1:port}s. */
    public static RoundRobinProxy perConnection(List<Integer> ports) throws IOException {
        return new RoundRobinProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), ports, false);
    }

    /** Each HTTP request to the next backend (see the class comment); WebSockets as per connection. */
    public static RoundRobinProxy perRequest(List<Integer> ports) throws IOException {
        return new RoundRobinProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), ports, true);
    }

    /**
     * Lets {@code chooser} pick each connection's backend from its first request head (e.g. always a
     * node that does not hold the session the request names: the worst a balancer can do).
     */
    public RoundRobinProxy choosing(Chooser chooser) {
        if (!closeEachRequest) {
            throw new IllegalStateException("only a per-request proxy reads request heads");
        }
        this.chooser = chooser;
        return this;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:port} */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** How many connections went to backend {@code index} (the order of the ports given). */
    public int connections(int index) {
        return connections.get(index);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            quietlyClose(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // listener closed
            }
            open.add(client);
            Thread t = new Thread(() -> connect(client), "round-robin-connect");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Reads the first head (per request), picks the backend, connects, and starts both pumps. */
    private void connect(Socket client) {
        try {
            byte[] head = closeEachRequest ? closingHead(client.getInputStream()) : new byte[0];
            int index = Math.floorMod(next.getAndIncrement(), backends.size());
            Chooser c = chooser;
            if (c != null) {
                index = c.choose(new String(head, StandardCharsets.ISO_8859_1), index);
            }
            connections.incrementAndGet(index);
            Socket upstream = new Socket();
            open.add(upstream);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backends.get(index)), 2000);
            upstream.getOutputStream().write(head);
            upstream.getOutputStream().flush();
            AtomicInteger directions = new AtomicInteger(2);
            pump(client, upstream, directions);
            pump(upstream, client, directions);
        } catch (IOException e) {
            quietlyClose(client);
        }
    }

    private void pump(Socket from, Socket to, AtomicInteger directions) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    boolean clean = false;
                    try {
                        InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream();
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                        to.shutdownOutput();
                        clean = true;
                    } catch (IOException e) {
                        // the other side went away: end both
                    } finally {
                        if (!clean || directions.decrementAndGet() == 0) {
                            quietlyClose(from);
                            quietlyClose(to);
                        }
                    }
                },
                "round-robin-pump");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Reads one request head (up to the blank line) and returns it with {@code Connection: close}
     * unless it asks for an upgrade; reads byte by byte so nothing after the head is consumed.
     */
    private static byte[] closingHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0D0A0D0A || head.size() > 64 * 1024) {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (text.toLowerCase(Locale.ROOT).contains("\r\nupgrade:")) {
            return head.toByteArray();
        }
        StringBuilder kept = new StringBuilder();
        for (String line : text.split("\r\n")) {
            if (line.isEmpty() || line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                continue;
            }
            kept.append(line).append("\r\n");
        }
        kept.append("Connection: close\r\n\r\n");
        return kept.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void quietlyClose(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
