package io.switchboard.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.Member;
import java.io.IOException;
import java.util.List;

/**
 * The one writer of each JSON shape the chat shows on more than one transport: a message, a member,
 * a page of messages and an error (docs/protocol.md, docs/http-api.md, docs/socketio.md). The native
 * events, the HTTP API and its streams, and the Socket.IO events and acks all write these shapes
 * through here, so a field added to a message appears on every transport at once.
 *
 * <p>Each method writes to the generator it is given, in document order, and leaves the generator
 * where a caller continues: a value after a field name, or fields inside an open object. {@link
 * JsonOut} turns a writer into bytes or, for the Socket.IO library's trees, into a node.
 *
 * <p>Thread-safe and stateless.
 */
public final class WireShapes {
    private WireShapes() {}

    /**
     * A message as a value: {@code {id, room, from, text, timestamp, clientId?, sender?}}; the
     * optional fields are left out rather than null, which older clients never saw.
     */
    public static void message(JsonGenerator g, ChatMessage m) throws IOException {
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

    /** An array of {@link #message messages}, oldest first as they are given. */
    public static void messages(JsonGenerator g, List<ChatMessage> list) throws IOException {
        g.writeStartArray();
        for (ChatMessage m : list) {
            message(g, m);
        }
        g.writeEndArray();
    }

    /**
     * A page as two fields of the open object: {@code "messages": [...], "more": <older ones exist>}.
     * Fields rather than an object because every reply that carries a page (joined, history) puts
     * them beside its own fields.
     */
    public static void page(JsonGenerator g, HistoryPage page) throws IOException {
        g.writeFieldName("messages");
        messages(g, page.messages());
        g.writeBooleanField("more", page.more());
    }

    /** A member as a value: {@code {sessionId, nick}}; the id is the one messages carry as {@code sender}. */
    public static void member(JsonGenerator g, Member m) throws IOException {
        g.writeStartObject();
        g.writeStringField("sessionId", m.sessionId().value());
        g.writeStringField("nick", m.nick());
        g.writeEndObject();
    }

    /** An array of {@link #member members}. */
    public static void members(JsonGenerator g, List<Member> list) throws IOException {
        g.writeStartArray();
        for (Member m : list) {
            member(g, m);
        }
        g.writeEndArray();
    }

    /**
     * An error as a value: {@code {"error": code, "message": message}}, the body of every HTTP error
     * (API and router) and a failed Socket.IO command's ack. The native protocol's {@code error}
     * event predates it and names the code {@code code} (docs/protocol.md), so it keeps its own.
     */
    public static void error(JsonGenerator g, String code, String message) throws IOException {
        g.writeStartObject();
        g.writeStringField("error", code);
        g.writeStringField("message", message);
        g.writeEndObject();
    }
}
