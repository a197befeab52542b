package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that a test can cut: {@link #cut()} resets every open connection and
 * refuses new ones until {@link #restore()}, which looks to a client like its network went away.
 *
 * <p>{@link #startStrippingUpgrade} makes it behave like an old proxy that does not know WebSocket:
 * it removes the {@code Upgrade} header (and the {@code upgrade} token of {@code Connection}) from
 * the first request of every connection, so a WebSocket handshake reaches the server as a plain
 * GET.
 *
 * <p>Thread-safe. Blocking sockets with two daemon threads per connection: fine for a handful of
 * browser connections in a test, not meant for load.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    /** Where new connections go; {@link #retarget} moves it (e.g. to a restarted server's port). */
    private volatile InetSocketAddress target;
    // Sockets of live connections (both sides); touched by the acceptor, the pumps and cut().
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    // False while cut: accepted connections are reset at once.
    private volatile boolean forwarding = true;
    private volatile boolean closed;
    private final boolean stripUpgrade;

    private TcpProxy(ServerSocket listener, InetSocketAddress target, boolean stripUpgrade) {
        this.listener = listener;
        this.target = target;
        this.stripUpgrade = stripUpgrade;
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free loopback port and forwards to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy start(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket listener = new ServerSocket(0, 50, loopback);
        return new TcpProxy(listener, new InetSocketAddress(loopback, targetPort), false);
    }

    /**
     * Like {@link #start} but strips {@code Upgrade} from the first request head of each connection
     * (browsers open a fresh connection for every WebSocket), the way a proxy without WebSocket
     * support does.
     */
    public static TcpProxy startStrippingUpgrade(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket listener = new ServerSocket(0, 50, loopback);
        return new TcpProxy(listener, new InetSocketAddress(loopback, targetPort), true);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        forwarding = false;
        for (Socket s : open) {
            reset(s);
        }
    }

    /** Sends connections accepted from now on to {@code 127.0.0.1:targetPort}; open ones stay where they are. */
    public void retarget(int targetPort) {
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    }

    public void restore() {
        forwarding = true;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // listener closed
            }
            if (!forwarding) {
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 2000);
            } catch (IOException e) {
                reset(client);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream, stripUpgrade);
            pump(upstream, client, false);
        }
    }

    private void pump(Socket from, Socket to, boolean rewriteFirstHead) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        if (rewriteFirstHead) {
                            forwardHeadWithoutUpgrade(in, out);
                        }
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the other direction or cut() closed the pair
                    } finally {
                        reset(from);
                        reset(to);
                    }
                },
                "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Copies one request head (up to the blank line) with the {@code Upgrade} header dropped and
     * {@code upgrade} removed from {@code Connection}; reads byte by byte so nothing after the head
     * is consumed.
     */
    private static void forwardHeadWithoutUpgrade(InputStream in, OutputStream out) throws IOException {
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
        StringBuilder kept = new StringBuilder();
        for (String line : text.split("\r\n", -1)) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("upgrade:")) {
                continue;
            }
            if (lower.startsWith("connection:")) {
                line = "Connection: keep-alive";
            }
            kept.append(line).append("\r\n");
        }
        // split(-1) gave a trailing empty piece per CRLF at the end: drop the extra separators
        String rewritten = kept.substring(0, kept.length() - 2);
        out.write(rewritten.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Closes with RST (linger 0) so the peer notices at once instead of waiting for a FIN handshake. */
    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
