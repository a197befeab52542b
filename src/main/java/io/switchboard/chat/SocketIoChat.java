package io.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.history.HistoryPage;
import io.switchboard.hub.ChatMessage;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Hub;
import io.switchboard.hub.HubEvent;
import io.switchboard.hub.Member;
import io.switchboard.hub.Session;
import io.switchboard.hub.SessionId;
import io.switchboard.hub.WireFormat;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.Limits;
import io.switchboard.protocol.nativejson.NativeCommandDecoder;
import io.switchboard.protocol.nativejson.ProtocolException;
import io.switchboard.protocol.socketio.EncodedSocketPacket;
import io.switchboard.protocol.socketio.SocketPacket;
import io.switchboard.protocol.socketio.SocketPacketEncoder;
import io.switchboard.protocol.socketio.SocketPacketType;
import io.switchboard.socketio.Ack;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.SocketIoSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The chat over Socket.IO: the main namespace {@code /} of a {@link SocketIoServer} joined to the
 * hub. Each socket is a hub session; client events ({@code join}, {@code message}, {@code typing},
 * {@code leave}, {@code history}, {@code nick}) are validated as native commands and answered
 * through the client's ack callback; hub broadcasts reach the socket as {@code message},
 * {@code presence} and {@code typing} events, each encoded once per broadcast ({@link #FORMAT}).
 *
 * <p>Thread-safe and stateless apart from the sessions the hub holds.
 */
public final class SocketIoChat {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NAMESPACE = "/";

    /** Hub events as Socket.IO EVENT packets of the main namespace; stateless, so one instance. */
    static final WireFormat<EncodedSocketPacket> FORMAT = new WireFormat<>() {
        @Override
        public EncodedSocketPacket encode(HubEvent event) {
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
            return SocketPacketEncoder.encode(SocketPacket.of(SocketPacketType.EVENT, NAMESPACE, SocketPacket.NO_ACK, data));
        }

        @Override
        public void release(EncodedSocketPacket encoded) {
            // heap strings, nothing to release
        }
    };

    private final Hub hub;
    private final double ratePerSecond;
    private final int rateBurst;
    private final NativeCommandDecoder decoder = new NativeCommandDecoder();

    /** {@code ratePerSecond} and {@code rateBurst}: the per-connection command limit (--rate-limit). */
    public SocketIoChat(Hub hub, double ratePerSecond, int rateBurst) {
        this.hub = hub;
        this.ratePerSecond = ratePerSecond;
        this.rateBurst = rateBurst;
    }

    /** Registers the chat on the server's main namespace. */
    public void attach(SocketIoServer io) {
        io.sockets().onConnection(this::connected);
    }

    private void connected(SocketIoSocket socket) {
        SessionId id = SessionId.random();
        JsonNode nickNode = socket.auth().get("nick");
        String nick = nickNode != null && nickNode.isTextual() ? Limits.normalizeNick(nickNode.textValue()) : null;
        if (nick == null) {
            String v = id.value();
            nick = "guest-" + v.substring(Math.max(0, v.length() - 4));
        }
        SocketSession session = new SocketSession(id, socket);
        hub.register(session, nick);
        socket.onDisconnect(reason -> hub.unregister(id));
        if (!socket.connected()) {
            // disconnected before the handler ran: the disconnect handler may have missed it
            hub.unregister(id);
            return;
        }
        Executor loop = socket.executor();
        // the same per-connection limit as every other chat endpoint; used on the socket's loop only
        TokenBucket rate = new TokenBucket(ratePerSecond, rateBurst, System.nanoTime());
        socket.on("join", (args, ack) -> command(id, loop, rate, "join", args, ack));
        socket.on("message", (args, ack) -> command(id, loop, rate, "send", args, ack));
        socket.on("typing", (args, ack) -> command(id, loop, rate, "typing", args, ack));
        socket.on("leave", (args, ack) -> command(id, loop, rate, "leave", args, ack));
        socket.on("history", (args, ack) -> command(id, loop, rate, "history", args, ack));
        socket.on("nick", (args, ack) -> command(id, loop, rate, "nick", args, ack));
    }

    /** On the socket's loop. */
    private void command(SessionId id, Executor loop, TokenBucket rate, String type, List<JsonNode> args, Ack ack) {
        CompletableFuture<ObjectNode> reply;
        try {
            if (!rate.tryAcquire(System.nanoTime())) {
                throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many commands; slow down", null);
            }
            reply = handle(id, decode(type, args));
        } catch (ProtocolException e) {
            reply = CompletableFuture.completedFuture(error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            reply = CompletableFuture.completedFuture(error(ErrorCode.BAD_REQUEST, "could not handle " + type));
        }
        if (ack == null) {
            return;
        }
        reply.whenComplete((value, failure) -> {
            ObjectNode answer = failure == null ? value
                    : error(ErrorCode.UNAVAILABLE, "could not store or read history; try again");
            // hand the answer to the socket's loop: it is then written ahead of any broadcast
            // published after the storage task that completed it (see Hub)
            loop.execute(() -> ack.send(answer));
        });
    }

    private ClientCommand decode(String type, List<JsonNode> args) throws ProtocolException {
        if (args.isEmpty() || !(args.get(0) instanceof ObjectNode given)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "the first argument must be an object", null);
        }
        ObjectNode obj = given.deepCopy();
        obj.remove("ref");
        obj.put("type", type);
        try {
            return decoder.decode(MAPPER.writeValueAsString(obj));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "unreadable arguments", null);
        }
    }

    private CompletableFuture<ObjectNode> handle(SessionId session, ClientCommand command) throws ProtocolException {
        if (command instanceof ClientCommand.SetNick c) {
            Member renamed = hub.rename(session, c.nick());
            return done(NODES.objectNode().put("nick", renamed.nick()));
        } else if (command instanceof ClientCommand.Join c) {
            // the same rule as NativeChat: a position from another epoch is gone; start over
            boolean foreign = c.after() != null && c.epoch() != null && !c.epoch().equals(hub.epoch());
            String reset = foreign ? "history epoch " + c.epoch() + " is gone (the store was replaced or wiped); "
                    + "cannot resume after id " + c.after() + ", sending the latest messages" : null;
            return hub.join(session, c.room(), foreign ? null : c.after(), c.limit()).thenApply(joined -> {
                ObjectNode o = NODES.objectNode();
                o.put("room", c.room());
                o.put("epoch", hub.epoch());
                if (reset != null) {
                    o.put("reset", reset);
                }
                page(o, joined.history());
                ArrayNode members = o.putArray("members");
                for (Member m : joined.members()) {
                    members.add(member(m));
                }
                return o;
            });
        } else if (command instanceof ClientCommand.Leave c) {
            if (!hub.leave(session, c.room())) {
                throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "join room " + c.room() + " first", null);
            }
            return done(NODES.objectNode().put("room", c.room()));
        } else if (command instanceof ClientCommand.Send c) {
            requireMember(session, c.room());
            return hub.post(session, hub.member(session).nick(), c.room(), c.text(), c.clientId())
                    .thenApply(stored -> {
                        ObjectNode o = NODES.objectNode();
                        o.put("room", c.room());
                        o.put("id", stored.message().id());
                        if (stored.message().clientId() != null) {
                            o.put("clientId", stored.message().clientId());
                        }
                        o.put("duplicate", stored.duplicate());
                        return o;
                    });
        } else if (command instanceof ClientCommand.Typing c) {
            requireMember(session, c.room());
            hub.typing(session, c.room(), c.typing());
            return done(NODES.objectNode().put("room", c.room()));
        } else if (command instanceof ClientCommand.History c) {
            CompletableFuture<HistoryPage> page = c.after() != null
                    ? hub.historyAfter(c.room(), c.after(), c.limit())
                    : hub.historyBefore(c.room(), c.before() != null ? c.before() : Long.MAX_VALUE, c.limit());
            return page.thenApply(p -> page(NODES.objectNode().put("room", c.room()), p));
        }
        throw new ProtocolException(ErrorCode.UNKNOWN_COMMAND, "unknown event", null);
    }

    private void requireMember(SessionId session, String room) throws ProtocolException {
        if (!hub.isMember(session, room)) {
            throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "join room " + room + " first", null);
        }
    }

    private static CompletableFuture<ObjectNode> done(ObjectNode o) {
        return CompletableFuture.completedFuture(o);
    }

    private static ObjectNode error(ErrorCode code, String message) {
        ObjectNode o = NODES.objectNode();
        o.put("error", code.wireName());
        o.put("message", message);
        return o;
    }

    private static ObjectNode page(ObjectNode o, HistoryPage page) {
        ArrayNode messages = o.putArray("messages");
        for (ChatMessage m : page.messages()) {
            messages.add(message(m));
        }
        o.put("more", page.more());
        return o;
    }

    static ObjectNode message(ChatMessage m) {
        ObjectNode o = NODES.objectNode();
        o.put("id", m.id());
        o.put("room", m.room());
        o.put("from", m.from());
        o.put("text", m.text());
        o.put("timestamp", m.timestamp());
        if (m.clientId() != null) {
            o.put("clientId", m.clientId());
        }
        return o;
    }

    private static ObjectNode member(Member m) {
        ObjectNode o = NODES.objectNode();
        o.put("sessionId", m.sessionId().value());
        o.put("nick", m.nick());
        return o;
    }

    /** A socket as the hub sees it; deliveries run on the loop of the socket's Engine.IO session. */
    private static final class SocketSession implements Session {
        private final SessionId id;
        private final SocketIoSocket socket;

        SocketSession(SessionId id, SocketIoSocket socket) {
            this.id = id;
            this.socket = socket;
        }

        @Override
        public SessionId id() {
            return id;
        }

        @Override
        public Executor executor() {
            return socket.executor();
        }

        @Override
        public void deliver(Delivery delivery) {
            EncodedSocketPacket packet = delivery.encoded(FORMAT);
            if (packet != null && socket.connected()) {
                socket.sendEncoded(packet);
            }
        }

        @Override
        public void flush() {
            // the Engine.IO session writes (or buffers for the next poll) as packets are sent
        }
    }
}
