package io.switchboard.server.security;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client from a chosen local address, which the JDK client cannot bind: the handshake
 * by hand, then masked text frames out and unmasked text frames in (RFC 6455 section 5.2), enough
 * for short JSON commands. A test fixture only; the server uses Netty's codec.
 *
 * <p>Not thread-safe.
 */
final class RawWebSocket implements AutoCloseable {
    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens {@code path} from {@code localAddress}; fails unless the server answers 101. */
    static RawWebSocket open(String localAddress, int port, String path) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(10_000);
        s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
        RawWebSocket ws = new RawWebSocket(s);
        ws.out.write(RawHttp.get(port, path, RawHttp.upgrade()).getBytes(StandardCharsets.UTF_8));
        String status = ws.headLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("handshake refused: " + status);
        }
        while (!ws.headLine().isEmpty()) {
            // skip the response headers
        }
        return ws;
    }

    /** Writes one masked text frame (payloads under 126 bytes only). */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length >= 126) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81; // FIN, text
        frame[1] = (byte) (0x80 | payload.length); // masked, length
        System.arraycopy(MASK, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ MASK[i % 4]);
        }
        out.write(frame);
        out.flush();
    }

    /** The next text frame's payload (control frames skipped). */
    String nextText() throws IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            int len = in.readUnsignedByte() & 0x7f;
            long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
            byte[] payload = in.readNBytes((int) length);
            if ((b0 & 0x0f) == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
            if ((b0 & 0x0f) == 0x8) {
                throw new IOException("closed by the server");
            }
        }
    }

    private String headLine() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("connection closed during the handshake");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
