package io.switchboard.protocol.nativejson;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.protocol.json.JsonOut;
import io.switchboard.protocol.json.WireShapes;
import java.util.List;

/**
 * Writes the events of the native protocol (docs/protocol.md) as UTF-8 JSON. Written with the
 * streaming generator, field by field, so the wire shape is visible here and nothing is reflected;
 * the messages, members and pages inside the events are written by {@link WireShapes}, as on every
 * other transport.
 *
 * <p>Thread-safe and stateless.
 */
public final class NativeEventEncoder {
    public static final int PROTOCOL_VERSION = 1;

    public byte[] welcome(Member self, String epoch) {
        return event("welcome", null, g -> {
            g.writeStringField("sessionId", self.sessionId().value());
            g.writeStringField("nick", self.nick());
            g.writeNumberField("protocol", PROTOCOL_VERSION);
            g.writeStringField("epoch", epoch);
        });
    }

    /**
     * The welcome with authentication on: also the display name from the token and when the token
     * expires (ms since the epoch); the connection is closed {@code graceMillis} after that unless a
     * {@code refresh} command brings a new token first.
     */
    public byte[] welcome(Member self, String epoch, String name, long expiresAtMillis, long graceMillis) {
        return event("welcome", null, g -> {
            g.writeStringField("sessionId", self.sessionId().value());
            g.writeStringField("nick", self.nick());
            g.writeNumberField("protocol", PROTOCOL_VERSION);
            g.writeStringField("epoch", epoch);
            g.writeStringField("user", self.nick());
            g.writeStringField("name", name);
            g.writeNumberField("expiresAt", expiresAtMillis);
            g.writeNumberField("graceMs", graceMillis);
        });
    }

    /** A {@code refresh} was accepted: the connection now lasts until this token's expiry (plus the grace). */
    public byte[] refreshed(long expiresAtMillis, String ref) {
        return event("refreshed", ref, g -> g.writeNumberField("expiresAt", expiresAtMillis));
    }

    /** An error whose code is not one of {@link ErrorCode}'s: a refused token's (docs/security.md). */
    public byte[] error(String code, String message, String ref) {
        return event("error", ref, g -> {
            g.writeStringField("code", code);
            g.writeStringField("message", message);
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
            WireShapes.page(g, page);
            g.writeFieldName("members");
            WireShapes.members(g, members);
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
            WireShapes.page(g, page);
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
                WireShapes.message(g, posted.message());
            });
        } else if (event instanceof HubEvent.PresenceChanged presence) {
            return event("presence", null, g -> {
                g.writeStringField("room", presence.room());
                g.writeStringField("event", presence.kind().wireName());
                g.writeFieldName("member");
                WireShapes.member(g, presence.member());
            });
        } else if (event instanceof HubEvent.TypingChanged typing) {
            return event("typing", null, g -> {
                g.writeStringField("room", typing.room());
                g.writeFieldName("member");
                WireShapes.member(g, typing.member());
                g.writeBooleanField("typing", typing.typing());
            });
        }
        throw new IllegalArgumentException("unknown hub event " + event);
    }

    private static byte[] event(String type, String ref, JsonOut.Body body) {
        return JsonOut.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("type", type);
            body.write(g);
            if (ref != null) {
                g.writeStringField("ref", ref);
            }
            g.writeEndObject();
        });
    }
}
