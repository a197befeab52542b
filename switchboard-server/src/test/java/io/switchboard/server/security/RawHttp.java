package io.switchboard.server.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 connection written by hand, from a chosen local address (any of 127.0.0.0/8 works on
 * loopback), so a test controls every header ({@code Host}, {@code Origin}, {@code Upgrade}) and
 * which address the server sees. Reads one response head and, when it has a length, its body.
 *
 * <p>Not thread-safe.
 */
final class RawHttp implements AutoCloseable {
    /** One response: status, lower-cased header names, and the body when it had a Content-Length. */
    record Response(int status, Map<String, String> headers, String body) {}

    private final Socket socket;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawHttp connect(String localAddress, int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(10_000);
        s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
        return new RawHttp(s);
    }

    /** A GET of {@code target} with {@code extraHeaders} (each {@code "Name: value"}) and Host 127.0.0.1:port. */
    static String get(int port, String target, String... extraHeaders) {
        StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String h : extraHeaders) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    /** The headers of a WebSocket handshake, to pass to {@link #get}. */
    static String[] upgrade(String... more) {
        String[] base = {
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version: 13"
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Sends {@code request} and reads the response's head, and its body when it states a length. */
    Response exchange(String request) throws IOException {
        send(request);
        return read();
    }

    Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(
                    l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    l.substring(colon + 1).trim());
        }
        String body = "";
        String length = headers.get("content-length");
        if (length != null) {
            body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        }
        return new Response(status, headers, body);
    }

    /** Whether the server closed the connection (reads end of stream, or a reset). */
    boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
