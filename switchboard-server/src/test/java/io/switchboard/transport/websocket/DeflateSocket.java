package io.switchboard.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * A WebSocket client on a plain socket that offers permessage-deflate, for the tests of the
 * negotiation and of decompression bombs: the JDK's client has no extensions, and neither do the
 * Socket.IO clients' transports on the test class path. It speaks just enough of RFC 6455 and 7692:
 * masked frames out, compressed or not; frames in, inflated with a fresh inflater each (the server
 * keeps no context). Not thread-safe: one test thread.
 */
final class DeflateSocket implements AutoCloseable {
    /** A frame the server sent. */
    record Frame(int opcode, boolean compressed, byte[] payload) {
        String text() {
            byte[] bytes = compressed ? BroadcastCompressionTest.inflate(payload) : payload;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The status of a close frame. */
        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private final Map<String, String> headers;
    private final SecureRandom random = new SecureRandom();

    private DeflateSocket(Socket socket, int status, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.headers = headers;
    }

    /** Opens {@code path} on {@code port} offering {@code extensions} (null: no offer). */
    static DeflateSocket connect(int port, String path, String extensions) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
                + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            int colon = l.indexOf(':');
            headers.put(
                    l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    l.substring(colon + 1).trim());
        }
        return new DeflateSocket(socket, Integer.parseInt(statusLine.split(" ")[1]), headers);
    }

    int status() {
        return status;
    }

    /** The response's {@code Sec-WebSocket-Extensions}, or null. */
    String extensions() {
        return headers.get("sec-websocket-extensions");
    }

    /** Sends {@code text} as one compressed message. */
    void sendCompressed(String text) throws IOException {
        sendFrame(0x1, true, deflate(text.getBytes(StandardCharsets.UTF_8)));
    }

    void sendText(String text) throws IOException {
        sendFrame(0x1, false, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code payload} as one final frame, masked; RSV1 when {@code compressed}. */
    void sendFrame(int opcode, boolean compressed, byte[] payload) throws IOException {
        sendFrame(true, opcode, compressed, payload);
    }

    /**
     * Sends {@code message} (compressed already, or not) in frames of at most {@code fragment}
     * bytes: RSV1 on the first frame only, continuations after it (RFC 7692 section 6.1).
     */
    void sendFragmented(int opcode, boolean compressed, byte[] message, int fragment) throws IOException {
        int at = 0;
        do {
            int len = Math.min(fragment, message.length - at);
            boolean first = at == 0;
            boolean last = at + len == message.length;
            sendFrame(last, first ? opcode : 0x0, first && compressed, Arrays.copyOfRange(message, at, at + len));
            at += len;
        } while (at < message.length);
    }

    private void sendFrame(boolean fin, int opcode, boolean compressed, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (compressed ? 0x40 : 0) | opcode);
        int len = payload.length;
        if (len < 126) {
            frame.write(0x80 | len);
        } else if (len <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(len >>> 8);
            frame.write(len);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) len >>> shift));
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= mask[i & 3];
        }
        frame.write(masked);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame from the server (unfragmented frames only, as the server sends). */
    Frame next() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, (b0 & 0x40) != 0, payload);
    }

    /** The next text message whose text contains {@code part}, skipping others; fails on a close frame. */
    String nextTextContaining(String part) throws IOException {
        while (true) {
            Frame f = next();
            if (f.opcode() == 0x8) {
                throw new AssertionError("closed: " + f.closeCode() + " " + f.closeReason());
            }
            if (f.opcode() == 0x1 && f.text().contains(part)) {
                return f.text();
            }
        }
    }

    /** The close frame, skipping whatever data frames come before it. */
    Frame awaitClose() throws IOException {
        while (true) {
            Frame f = next();
            if (f.opcode() == 0x8) {
                return f;
            }
        }
    }

    /** Raw DEFLATE with a sync flush, its {@code 00 00 ff ff} tail removed (RFC 7692 section 7.2.1). */
    static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(message);
            byte[] buf = new byte[message.length + 1024];
            int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            return Arrays.copyOf(buf, n - 4);
        } finally {
            deflater.end();
        }
    }

    private static String line(DataInputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed in the response headers");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
