package io.switchboard.cluster.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.cluster.NodeId;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;

/**
 * The JSON a hub event travels in between nodes, with the node that published it:
 *
 * <pre>
 * {"node":"9f…","type":"message","room":"lobby","origin":"s-…",
 *  "message":{"id":42,"from":"ann","text":"hi","ts":1733130000000,"clientId":"c1","senderId":"p-…"}}
 * {"node":"9f…","type":"presence","room":"lobby","origin":"s-…","kind":"join","member":{"id":"p-…","nick":"ann"}}
 * {"node":"9f…","type":"typing","room":"lobby","origin":"s-…","member":{"id":"p-…","nick":"ann"},"typing":true}
 * </pre>
 *
 * An unknown {@code type} (a newer node's) decodes to null and is skipped. Stateless, thread-safe.
 */
final class EventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A decoded event and the node that published it. */
    record Received(NodeId node, HubEvent event) {}

    private EventCodec() {}

    static String encode(NodeId node, HubEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("node", node.value());
        if (event instanceof HubEvent.MessagePosted p) {
            root.put("type", "message");
            root.put("room", p.room());
            putOrigin(root, p.origin());
            ChatMessage m = p.message();
            ObjectNode msg = root.putObject("message");
            msg.put("id", m.id());
            msg.put("from", m.from());
            msg.put("text", m.text());
            msg.put("ts", m.timestamp());
            msg.put("clientId", m.clientId());
            msg.put("senderId", m.senderId());
        } else if (event instanceof HubEvent.PresenceChanged p) {
            root.put("type", "presence");
            root.put("room", p.room());
            putOrigin(root, p.origin());
            root.put("kind", p.kind().wireName());
            putMember(root, p.member());
        } else if (event instanceof HubEvent.TypingChanged t) {
            root.put("type", "typing");
            root.put("room", t.room());
            putOrigin(root, t.origin());
            putMember(root, t.member());
            root.put("typing", t.typing());
        } else {
            throw new IllegalArgumentException(
                    "no encoding for " + event.getClass().getSimpleName());
        }
        return root.toString();
    }

    /** The event, or null for a type this node does not know; throws on JSON that is not an event. */
    static Received decode(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event: " + e.getOriginalMessage(), e);
        }
        NodeId node = new NodeId(root.path("node").asText());
        String room = root.path("room").asText();
        SessionId origin =
                root.hasNonNull("origin") ? new SessionId(root.get("origin").asText()) : null;
        HubEvent event =
                switch (root.path("type").asText()) {
                    case "message" -> {
                        JsonNode m = root.path("message");
                        yield new HubEvent.MessagePosted(
                                new ChatMessage(
                                        m.path("id").asLong(),
                                        room,
                                        m.path("from").asText(),
                                        m.path("text").asText(),
                                        m.path("ts").asLong(),
                                        text(m, "clientId"),
                                        text(m, "senderId")),
                                origin);
                    }
                    case "presence" ->
                        new HubEvent.PresenceChanged(
                                room, kind(root.path("kind").asText()), member(root), origin);
                    case "typing" ->
                        new HubEvent.TypingChanged(
                                room, member(root), root.path("typing").asBoolean(), origin);
                    default -> null;
                };
        return event == null ? null : new Received(node, event);
    }

    private static void putOrigin(ObjectNode root, SessionId origin) {
        if (origin != null) {
            root.put("origin", origin.value());
        }
    }

    private static void putMember(ObjectNode root, Member member) {
        ObjectNode m = root.putObject("member");
        m.put("id", member.sessionId().value());
        m.put("nick", member.nick());
    }

    private static Member member(JsonNode root) {
        JsonNode m = root.path("member");
        return new Member(new SessionId(m.path("id").asText()), m.path("nick").asText());
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static HubEvent.PresenceKind kind(String wireName) {
        for (HubEvent.PresenceKind k : HubEvent.PresenceKind.values()) {
            if (k.wireName().equals(wireName)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown presence kind " + wireName);
    }
}
