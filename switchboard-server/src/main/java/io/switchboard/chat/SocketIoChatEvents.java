package io.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.switchboard.auth.Identity;
import io.switchboard.hub.WireFormat;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import io.switchboard.protocol.json.JsonOut;
import io.switchboard.protocol.json.WireShapes;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the chat says over Socket.IO: hub events as EVENT packets of the main namespace
 * ({@link #FORMAT}, encoded once per broadcast and, for WebSockets with permessage-deflate,
 * compressed once), the {@code welcome} and {@code members} events,
 * and the messages, members, pages and errors inside acks (docs/socketio.md). Those shapes are
 * written by {@link WireShapes}, as on the native and HTTP transports, and turned into the trees
 * the library's packets carry; a broadcast is still turned once, not per recipient.
 *
 * <p>Stateless and thread-safe.
 */
final class SocketIoChatEvents {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NAMESPACE = "/";

    private SocketIoChatEvents() {}

    /**
     * Hub events as Socket.IO EVENT packets of the main namespace, shared for the broadcast: the
     * recipients on a WebSocket with permessage-deflate write one frame compressed once, until the
     * delivery releases it. Stateless, so one instance.
     */
    static final WireFormat<EncodedSocketPacket> FORMAT = new WireFormat<>() {
        @Override
        public EncodedSocketPacket encode(HubEvent event) {
            EncodedSocketPacket packet = SocketIoChatEvents.encode(event);
            return packet == null ? null : packet.sharedForBroadcast();
        }

        @Override
        public void release(EncodedSocketPacket encoded) {
            encoded.releaseShared();
        }
    };

    /** A hub event as an EVENT packet for one socket (a replayed message), or null when Socket.IO does not carry it. */
    static EncodedSocketPacket encode(HubEvent event) {
        ArrayNode data = NODES.arrayNode();
        if (event instanceof HubEvent.MessagePosted posted) {
            data.add("message").add(message(posted.message()));
        } else if (event instanceof HubEvent.PresenceChanged presence) {
            ObjectNode o = data.add("presence").addObject();
            o.put("room", presence.room());
            o.put("event", presence.kind().wireName());
            o.set("member", member(presence.member()));
        } else if (event instanceof HubEvent.TypingChanged typing) {
            ObjectNode o = data.add("typing").addObject();
            o.put("room", typing.room());
            o.set("member", member(typing.member()));
            o.put("typing", typing.typing());
        } else {
            return null;
        }
        return event(data);
    }

    /** {@code welcome} {sessionId, nick, protocol, recovered}: who the client is, as the native welcome says. */
    static EncodedSocketPacket welcome(SessionId id, String nick, boolean recovered) {
        ArrayNode data = NODES.arrayNode().add("welcome");
        data.addObject()
                .put("sessionId", id.value())
                .put("nick", nick)
                .put("protocol", 1)
                .put("recovered", recovered);
        return event(data);
    }

    /**
     * The welcome with authentication on: also {@code user} (the token's sub), {@code name},
     * {@code expiresAt} (ms) and {@code graceMs}; a {@code refresh} event with a new token before
     * then keeps the socket.
     */
    static EncodedSocketPacket welcome(SessionId id, boolean recovered, Identity identity, long graceMillis) {
        ArrayNode data = NODES.arrayNode().add("welcome");
        data.addObject()
                .put("sessionId", id.value())
                .put("nick", identity.subject())
                .put("protocol", 1)
                .put("recovered", recovered)
                .put("user", identity.subject())
                .put("name", identity.name())
                .put("expiresAt", identity.expiresAt().toEpochMilli())
                .put("graceMs", graceMillis);
        return event(data);
    }

    /** {@code members} {room, members}: who is in a room, sent to a recovered socket. */
    static EncodedSocketPacket membersEvent(String room, List<Member> members) {
        ArrayNode data = NODES.arrayNode();
        ObjectNode o = data.add("members").addObject();
        o.put("room", room);
        o.set("members", members(members));
        return event(data);
    }

    /** A failed command's ack: {@code {error, message}} with the native error code. */
    static ObjectNode error(ErrorCode code, String message) {
        return JsonOut.object(g -> WireShapes.error(g, code.wireName(), message));
    }

    /** Adds a history page ({@code messages}, {@code more}) to an ack object. */
    static ObjectNode page(ObjectNode o, HistoryPage page) {
        return o.setAll(JsonOut.object(g -> {
            g.writeStartObject();
            WireShapes.page(g, page);
            g.writeEndObject();
        }));
    }

    /** A message as in docs/protocol.md. */
    static ObjectNode message(ChatMessage m) {
        return JsonOut.object(g -> WireShapes.message(g, m));
    }

    static ObjectNode member(Member m) {
        return JsonOut.object(g -> WireShapes.member(g, m));
    }

    static JsonNode members(List<Member> list) {
        return JsonOut.tree(g -> WireShapes.members(g, list));
    }

    /**
     * The member list as JSON text for a tree to embed as it is: a join's ack lists every member
     * of the room, so a tree of it (several objects per member) on every join made N joins cost
     * N² objects (issue #12).
     */
    static RawValue membersJson(List<Member> list) {
        byte[] json = JsonOut.bytes(g -> WireShapes.members(g, list), 16 + 64 * list.size());
        return new RawValue(new String(json, StandardCharsets.UTF_8));
    }

    private static EncodedSocketPacket event(ArrayNode data) {
        return SocketPacketEncoder.encode(
                SocketPacket.of(SocketPacketType.EVENT, NAMESPACE, SocketPacket.NO_ACK, data));
    }
}
