package io.switchboard.transport.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.Member;
import io.switchboard.protocol.nativejson.NativeEventEncoder;
import io.switchboard.transport.ErrorJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON bodies of the HTTP API. A message has the same shape as inside the native protocol's
 * events ({@link NativeEventEncoder#writeMessage}), so every transport shows one message the same way.
 *
 * <p>Thread-safe and stateless.
 */
final class ApiJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private ApiJson() {}

    static byte[] message(ChatMessage m) {
        return write(g -> NativeEventEncoder.writeMessage(g, m));
    }

    static byte[] messages(List<ChatMessage> list) {
        return write(g -> {
            g.writeStartArray();
            for (ChatMessage m : list) {
                NativeEventEncoder.writeMessage(g, m);
            }
            g.writeEndArray();
        });
    }

    static byte[] members(List<Member> list) {
        return write(g -> {
            g.writeStartArray();
            for (Member m : list) {
                g.writeStartObject();
                g.writeStringField("sessionId", m.sessionId().value());
                g.writeStringField("nick", m.nick());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** A stream's reset: {@code {"type":"reset","reset":<reason>,"message":...,"epoch":<current>}}. */
    static byte[] reset(ResumeReset reset, String epoch) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "reset");
            g.writeStringField("reset", reset.wireName());
            g.writeStringField("message", reset.message());
            g.writeStringField("epoch", epoch);
            g.writeEndObject();
        });
    }

    static byte[] error(ApiError error, String message) {
        return ErrorJson.of(error.wireName(), message);
    }

    private static byte[] write(Body body) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
