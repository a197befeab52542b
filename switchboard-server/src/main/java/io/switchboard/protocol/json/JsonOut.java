package io.switchboard.protocol.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Runs a {@link Body} (usually built from {@link WireShapes}) into UTF-8 bytes, for the native and
 * HTTP transports, or into a Jackson tree, for the Socket.IO library, whose packets take a {@link
 * JsonNode}. Both come from the same generator calls, so a shape is written the same either way.
 *
 * <p>Callers encode a broadcast once ({@code hub.WireFormat}); nothing here is per recipient.
 *
 * <p>Thread-safe and stateless.
 */
public final class JsonOut {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** Only turns token buffers into trees; a mapper is thread-safe once configured. */
    private static final ObjectMapper TREES = new ObjectMapper();

    /** Writes one JSON value (or, inside an object a caller opened, some fields). */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonOut() {}

    /** The value {@code body} writes, as UTF-8. */
    public static byte[] bytes(Body body) {
        return bytes(body, 256);
    }

    /** As {@link #bytes(Body)}, starting from a buffer of {@code sizeHint} bytes. */
    public static byte[] bytes(Body body, int sizeHint) {
        ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * The value {@code body} writes, as a tree. Written to a token buffer and read back rather than
     * built node by node, so there is one writer per shape and not one per output type.
     */
    public static JsonNode tree(Body body) {
        try (TokenBuffer tokens = new TokenBuffer(TREES, false)) {
            body.write(tokens);
            return TREES.readTree(tokens.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** As {@link #tree}, for a body that writes an object (an ack, an event's argument). */
    public static ObjectNode object(Body body) {
        JsonNode node = tree(body);
        if (node instanceof ObjectNode o) {
            return o;
        }
        throw new IllegalArgumentException("the body wrote " + node + ", not an object");
    }
}
