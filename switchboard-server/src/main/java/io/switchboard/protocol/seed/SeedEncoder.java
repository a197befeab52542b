package io.switchboard.protocol.seed;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.switchboard.model.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The tutorial chat's wire format: {@code {"text": "...", "timestamp": ms}} per frame. A message
 * reaches its sender as {@code "me: T"} and everyone else as {@code "other: T"}; the stored
 * message's {@code id}, {@code room} and {@code from} ride along as extra fields, which the seed
 * clients ignore.
 *
 * <p>Thread-safe and stateless.
 */
public final class SeedEncoder {
    public static final String WELCOME_TEXT = "Connected to Switchboard";
    private static final JsonFactory FACTORY = new JsonFactory();

    public byte[] welcome(long timestamp) {
        ByteArrayBuilder out = new ByteArrayBuilder(64);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("text", WELCOME_TEXT);
            g.writeNumberField("timestamp", timestamp);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The format has no error event; a notice in its own shape, marked {@code "error": true}, is
     * what its clients can show.
     */
    public byte[] notice(String text, long timestamp) {
        ByteArrayBuilder out = new ByteArrayBuilder(64 + text.length());
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("text", text);
            g.writeNumberField("timestamp", timestamp);
            g.writeBooleanField("error", true);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The message as its sender ({@code mine}) or anyone else sees it. */
    public byte[] message(ChatMessage m, boolean mine) {
        ByteArrayBuilder out = new ByteArrayBuilder(96 + m.text().length());
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("text", (mine ? "me: " : "other: ") + m.text());
            g.writeNumberField("timestamp", m.timestamp());
            g.writeNumberField("id", m.id());
            g.writeStringField("room", m.room());
            g.writeStringField("from", m.from());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
