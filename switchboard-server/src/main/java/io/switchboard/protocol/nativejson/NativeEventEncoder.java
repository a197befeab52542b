package io.switchboard.protocol.nativejson;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the events of the native protocol (docs/protocol.md) as UTF-8 JSON. Written with the
 * streaming generator, field by field, so the wire shape is visible here and nothing is reflected.
 *
 * <p>Thread-safe and stateless.
 */
public final class NativeEventEncoder {
    public static final int PROTOCOL_VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    public byte[] welcome(Member self, String epoch) {
        return event("welcome", null, g -> {
            g.writeStringField("sessionId", self.sessionId().value());
            g.writeStringField("nick", self.nick());
            g.writeNumberField("protocol", PROTOCOL_VERSION);
            g.writeStringField("epoch", epoch);
        });
    }

    public byte[] nick(String nick, String ref) {
        return event("nick", ref, g -> g.writeStringField("nick", nick));
    }

    /**
     * {@code reset} is null, or says why the client's position could not be resumed (its history
     * epoch is gone); the messages are then the latest ones, and the client must drop what it had.
     */
    public byte[] joined(String room, HistoryPage page, List<Member> members, String epoch, String reset, String ref) {
        return event("joined", ref, g -> {
            g.writeStringField("room", room);
            g.writeStringField("epoch", epoch);
            if (reset != null) {
                g.writeStringField("reset", reset);
            }
            writeMessages(g, page);
            g.writeArrayFieldStart("members");
            for (Member m : members) {
                writeMember(g, m);
            }
            g.writeEndArray();
        });
    }

    public byte[] left(String room, String ref) {
        return event("left", ref, g -> g.writeStringField("room", room));
    }

    public byte[] ack(ChatMessage stored, boolean duplicate, String ref) {
        return event("ack", ref, g -> {
            g.writeStringField("room", stored.room());
            g.writeNumberField("id", stored.id());
            if (stored.clientId() != null) {
                g.writeStringField("clientId", stored.clientId());
            }
            g.writeBooleanField("duplicate", duplicate);
        });
    }

    /** {@code reset} is null, or says why an {@code after} position gave the latest messages instead. */
    public byte[] history(String room, HistoryPage page, String epoch, String reset, String ref) {
        return event("history", ref, g -> {
            g.writeStringField("room", room);
            g.writeStringField("epoch", epoch);
            if (reset != null) {
                g.writeStringField("reset", reset);
            }
            writeMessages(g, page);
        });
    }

    public byte[] error(ErrorCode code, String message, String ref) {
        return event("error", ref, g -> {
            g.writeStringField("code", code.wireName());
            g.writeStringField("message", message);
        });
    }

    /** The broadcast events; each is encoded once per broadcast and shared by all recipients. */
    public byte[] hubEvent(HubEvent event) {
        if (event instanceof HubEvent.MessagePosted posted) {
            return event("message", null, g -> {
                g.writeFieldName("message");
                writeMessage(g, posted.message());
            });
        } else if (event instanceof HubEvent.PresenceChanged presence) {
            return event("presence", null, g -> {
                g.writeStringField("room", presence.room());
                g.writeStringField("event", presence.kind().wireName());
                g.writeFieldName("member");
                writeMember(g, presence.member());
            });
        } else if (event instanceof HubEvent.TypingChanged typing) {
            return event("typing", null, g -> {
                g.writeStringField("room", typing.room());
                g.writeFieldName("member");
                writeMember(g, typing.member());
                g.writeBooleanField("typing", typing.typing());
            });
        }
        throw new IllegalArgumentException("unknown hub event " + event);
    }

    public static void writeMessage(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", m.id());
        g.writeStringField("room", m.room());
        g.writeStringField("from", m.from());
        g.writeStringField("text", m.text());
        g.writeNumberField("timestamp", m.timestamp());
        if (m.clientId() != null) {
            g.writeStringField("clientId", m.clientId());
        }
        if (m.senderId() != null) {
            // who sent it, as member lists show it: pages tell their own messages by this, not by nick
            g.writeStringField("sender", m.senderId());
        }
        g.writeEndObject();
    }

    private static void writeMessages(JsonGenerator g, HistoryPage page) throws IOException {
        g.writeArrayFieldStart("messages");
        for (ChatMessage m : page.messages()) {
            writeMessage(g, m);
        }
        g.writeEndArray();
        g.writeBooleanField("more", page.more());
    }

    private static void writeMember(JsonGenerator g, Member m) throws IOException {
        g.writeStartObject();
        g.writeStringField("sessionId", m.sessionId().value());
        g.writeStringField("nick", m.nick());
        g.writeEndObject();
    }

    private static byte[] event(String type, String ref, Body body) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", type);
            body.write(g);
            if (ref != null) {
                g.writeStringField("ref", ref);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
