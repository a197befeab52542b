package io.switchboard.chat;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.hub.Hub;
import io.switchboard.hub.MemberIds;
import io.switchboard.metrics.CloseReason;
import io.switchboard.metrics.Transport;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.Limits;
import io.switchboard.protocol.nativejson.NativeCommandDecoder;
import io.switchboard.protocol.nativejson.ProtocolException;
import io.switchboard.socketio.Ack;
import io.switchboard.socketio.DisconnectReason;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.SocketIoSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The chat over Socket.IO: the main namespace {@code /} of a {@link SocketIoServer} joined to the
 * hub. Each socket is a hub session; client events ({@code join}, {@code message}, {@code typing},
 * {@code leave}, {@code history}, {@code nick}) are validated as native commands and answered
 * through the client's ack callback; hub broadcasts reach the socket as {@code message},
 * {@code presence} and {@code typing} events, each encoded once per broadcast ({@link SocketIoChatEvents#FORMAT}).
 * On connection a {@code welcome} event tells the client its session id and nickname.
 *
 * <p>Connection state recovery rides on the history: each {@code message} event is tracked in the
 * stream of its room at its history id, so the client's offset says how far it got in every room.
 * A recovered socket gets its hub session (same session id and nickname) back, rejoins its rooms
 * from those ids, and is sent what it missed as ordinary {@code message} events, then a
 * {@code members} event per room; live events that arrive meanwhile wait and follow, without the
 * ones the replay already sent. Presence and typing events are not replayed.
 *
 * <p>Thread-safe and stateless apart from the sessions the hub holds.
 */
public final class SocketIoChat {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Where a socket's chat state lives in {@link SocketIoSocket#data()}, so that it survives a recovery. */
    private static final String STATE = "switchboard.chat";

    /**
     * A socket's chat identity and rooms. Written to JSON ({@link #json}) when a clustered
     * Socket.IO adapter stores the session in Redis, and read back from it ({@link #of}) by the
     * node a client recovers on. Thread-safe.
     */
    private static final class ChatState {
        final SessionId id;
        volatile String nick;
        /** The page's {@code auth.client}, or null: its sessions on every transport are one member. */
        final String clientId;

        final Set<String> rooms = ConcurrentHashMap.newKeySet();

        ChatState(SessionId id, String nick, String clientId) {
            this.id = id;
            this.nick = nick;
            this.clientId = clientId;
        }

        @JsonValue
        Map<String, Object> json() {
            Map<String, Object> m = new HashMap<>();
            m.put("id", id.value());
            m.put("nick", nick);
            m.put("clientId", clientId);
            m.put("rooms", List.copyOf(rooms));
            return m;
        }

        /** The state a recovered socket's data holds: this object on its own node, its JSON on another; else null. */
        static ChatState of(Object saved) {
            if (saved instanceof ChatState s) {
                return s;
            }
            if (!(saved instanceof Map<?, ?> m)
                    || !(m.get("id") instanceof String id)
                    || !(m.get("nick") instanceof String nick)) {
                return null;
            }
            ChatState s = new ChatState(new SessionId(id), nick, m.get("clientId") instanceof String c ? c : null);
            if (m.get("rooms") instanceof List<?> rooms) {
                rooms.forEach(r -> s.rooms.add(String.valueOf(r)));
            }
            return s;
        }
    }

    private final Hub hub;
    private final ChatCommands commands;
    private final double ratePerSecond;
    private final int rateBurst;
    private final NativeCommandDecoder decoder = new NativeCommandDecoder();
    private final SocketIoAuth auth;

    /** The limit every address's commands share, on top of each socket's own. */
    private final AddressRate addressRate;

    /** {@code ratePerSecond} and {@code rateBurst}: the per-connection command limit (--rate-limit). */
    public SocketIoChat(Hub hub, double ratePerSecond, int rateBurst) {
        this(hub, ratePerSecond, rateBurst, AddressRate.UNLIMITED, Authenticator.OFF);
    }

    /**
     * With {@code addressRate}, the per-address command limit (--max-commands-per-ip), shared with every
     * transport; with {@code authenticator} on, every socket needs {@code auth.token} ({@link SocketIoAuth}).
     */
    public SocketIoChat(
            Hub hub, double ratePerSecond, int rateBurst, AddressRate addressRate, Authenticator authenticator) {
        this.hub = hub;
        this.auth = new SocketIoAuth(authenticator);
        this.commands = new ChatCommands(hub);
        this.ratePerSecond = ratePerSecond;
        this.rateBurst = rateBurst;
        this.addressRate = addressRate;
    }

    /** Registers the chat on the server's main namespace. */
    public void attach(SocketIoServer io) {
        if (auth.enabled()) {
            io.sockets().use(auth.middleware());
        }
        io.sockets().onConnection(this::connected);
    }

    private void connected(SocketIoSocket socket) {
        ChatState state = socket.recovered() ? ChatState.of(socket.data().get(STATE)) : null;
        boolean recovering = state != null;
        if (recovering) {
            socket.data().put(STATE, state);
        }
        if (!recovering) {
            SessionId id = SessionId.random();
            JsonNode nickNode = socket.auth().get("nick");
            Identity identity = SocketIoAuth.identity(socket);
            // with a token its sub is the sender's name, and the client cannot change it
            String nick = identity != null
                    ? identity.subject()
                    : nickNode != null && nickNode.isTextual() ? Limits.normalizeNick(nickNode.textValue()) : null;
            if (nick == null) {
                String v = id.value();
                nick = "guest-" + v.substring(Math.max(0, v.length() - 4));
            }
            JsonNode clientNode = socket.auth().get("client");
            String clientId =
                    clientNode != null && clientNode.isTextual() && MemberIds.isValidClientId(clientNode.textValue())
                            ? clientNode.textValue()
                            : null;
            state = new ChatState(id, nick, clientId);
            socket.data().put(STATE, state);
        }
        SessionId id = state.id;
        SocketIoChatSession session = new SocketIoChatSession(id, socket, recovering);
        Member self = hub.register(session, state.nick, state.clientId);
        // counted under the transport it connected on, even once upgraded, so the gauge balances
        Transport connectedOn = session.transport();
        hub.metrics().connectionOpened(connectedOn);
        socket.onDisconnect(reason -> {
            hub.metrics().connectionClosed(connectedOn, closeReason(reason));
            hub.disconnected(id);
        });
        if (!socket.connected()) {
            // disconnected before the handler ran: the disconnect handler may have missed it
            hub.disconnected(id);
            return;
        }
        Executor loop = socket.executor();
        // the same per-connection limit as every other chat endpoint; used on the socket's loop only
        TokenBucket rate = new TokenBucket(ratePerSecond, rateBurst, System.nanoTime());
        ChatState st = state;
        socket.on("join", (args, ack) -> command(st, socket, rate, "join", args, ack));
        socket.on("message", (args, ack) -> command(st, socket, rate, "send", args, ack));
        socket.on("typing", (args, ack) -> command(st, socket, rate, "typing", args, ack));
        socket.on("leave", (args, ack) -> command(st, socket, rate, "leave", args, ack));
        socket.on("history", (args, ack) -> command(st, socket, rate, "history", args, ack));
        socket.on("nick", (args, ack) -> command(st, socket, rate, "nick", args, ack));
        // a client that asked for an ack would otherwise wait for it forever
        socket.onUnhandled((event, args, ack) -> {
            if (ack != null) {
                ack.send(withRef(
                        SocketIoChatEvents.error(
                                ErrorCode.UNKNOWN_COMMAND,
                                "unknown event \"" + truncate(event)
                                        + "\"; the chat takes join, message, typing, leave, history and nick"),
                        args));
            }
        });
        // who the client is in presence events and member lists, as the native welcome tells it;
        // sent directly (not recoverable: a recovered socket gets a fresh one)
        Identity identity = SocketIoAuth.identity(socket);
        if (identity != null) {
            auth.guard(socket);
            socket.sendEncoded(SocketIoChatEvents.welcome(self.sessionId(), recovering, identity, auth.grace()));
        } else {
            socket.sendEncoded(SocketIoChatEvents.welcome(self.sessionId(), self.nick(), recovering));
        }
        if (recovering) {
            rejoin(state, socket, session, loop);
        }
    }

    /**
     * Puts a recovered socket back in its rooms from where its client got to, sends what it
     * missed, then lets the live events that waited through. On the socket's loop.
     */
    private void rejoin(ChatState state, SocketIoSocket socket, SocketIoChatSession session, Executor loop) {
        Map<String, Long> positions = socket.recoveredPositions();
        Map<String, Long> replayedUpTo = new ConcurrentHashMap<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String room : List.copyOf(state.rooms)) {
            Long after = positions.get(room);
            chain = chain.thenCompose(v -> hub.join(state.id, room, after, Limits.MAX_HISTORY))
                    .thenCompose(joined -> rest(
                                    room,
                                    joined.history(),
                                    new ArrayList<>(joined.history().messages()))
                            .thenApply(missed -> {
                                loop.execute(() -> {
                                    for (ChatMessage m : missed) {
                                        session.send(
                                                new HubEvent.MessagePosted(m, null),
                                                SocketIoChatEvents.encode(new HubEvent.MessagePosted(m, null)));
                                        replayedUpTo.put(room, m.id());
                                    }
                                    socket.sendEncoded(SocketIoChatEvents.membersEvent(room, joined.members()));
                                });
                                return null;
                            }));
        }
        chain.whenComplete((v, failure) -> loop.execute(() -> {
            if (failure != null) {
                // the store could not be read: drop the connection; the client comes back and
                // recovers from the same positions
                socket.closeConnection();
                return;
            }
            session.release(replayedUpTo);
        }));
    }

    /** The rest of a resume: pages after {@code page} until none is left. */
    private CompletableFuture<List<ChatMessage>> rest(String room, HistoryPage page, List<ChatMessage> acc) {
        if (!page.more() || page.messages().isEmpty()) {
            return CompletableFuture.completedFuture(acc);
        }
        long last = page.messages().get(page.messages().size() - 1).id();
        return hub.historyAfter(room, last, Limits.MAX_HISTORY).thenCompose(next -> {
            acc.addAll(next.messages());
            return rest(room, next, acc);
        });
    }

    private static CloseReason closeReason(DisconnectReason reason) {
        return switch (reason) {
            case SERVER_SHUTTING_DOWN -> CloseReason.SHUTDOWN;
            case PING_TIMEOUT -> CloseReason.IDLE;
            case PARSE_ERROR -> CloseReason.PROTOCOL_ERROR;
            case TRANSPORT_ERROR -> CloseReason.ERROR;
            default -> CloseReason.NORMAL;
        };
    }

    /** On the socket's loop. */
    private void command(
            ChatState state, SocketIoSocket socket, TokenBucket rate, String type, List<JsonNode> args, Ack ack) {
        Executor loop = socket.executor();
        CompletableFuture<ObjectNode> reply;
        try {
            long now = System.nanoTime();
            if (!rate.tryAcquire(now) || !addressRate.tryAcquire(address(socket), now)) {
                hub.metrics().rateLimited();
                throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many commands; slow down", null);
            }
            reply = handle(state, socket, decode(type, args));
        } catch (ProtocolException e) {
            reply = CompletableFuture.completedFuture(
                    withRef(SocketIoChatEvents.error(e.code(), e.getMessage()), args));
        } catch (RuntimeException e) {
            reply = CompletableFuture.completedFuture(
                    withRef(SocketIoChatEvents.error(ErrorCode.BAD_REQUEST, "could not handle " + type), args));
        }
        if (ack == null) {
            return;
        }
        reply.whenComplete((value, failure) -> {
            ProtocolException rejected = failure == null ? null : ChatCommands.protocolFailure(failure);
            ObjectNode answer = failure == null
                    ? value
                    : rejected != null
                            ? SocketIoChatEvents.error(rejected.code(), rejected.getMessage())
                            : SocketIoChatEvents.error(ErrorCode.UNAVAILABLE, ChatCommands.storageFailure(failure));
            // hand the answer to the socket's loop: it is then written ahead of any broadcast
            // published after the storage task that completed it (see Hub)
            loop.execute(() -> ack.send(answer));
        });
    }

    /**
     * An error ack echoes the {@code ref} of the command's object when it has one, as a native
     * error does: the ack already pairs the answer with the call, but a client that logs or
     * retries by ref finds it there too.
     */
    private static ObjectNode withRef(ObjectNode error, List<JsonNode> args) {
        if (!args.isEmpty() && args.get(0) instanceof ObjectNode given) {
            JsonNode ref = given.get("ref");
            if (ref != null && ref.isTextual() && ref.textValue().length() <= Limits.MAX_REF_LENGTH) {
                error.put("ref", ref.textValue());
            }
        }
        return error;
    }

    private static String truncate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
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
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "unreadable arguments", null);
        }
    }

    private CompletableFuture<ObjectNode> handle(ChatState state, SocketIoSocket socket, ClientCommand command)
            throws ProtocolException {
        return commands.execute(state.id, SocketIoAuth.identity(socket), command, null)
                .thenApply(reply -> answer(state, socket, reply));
    }

    /** A command's reply as its ack object; keeps the socket's chat state in step. */
    private ObjectNode answer(ChatState state, SocketIoSocket socket, ChatCommands.Reply reply) {
        if (reply instanceof ChatCommands.Reply.Renamed r) {
            state.nick = r.nick();
            // the new nick is part of what the socket recovers with
            socket.saveSession();
            return NODES.objectNode().put("nick", r.nick());
        } else if (reply instanceof ChatCommands.Reply.Joined j) {
            // the client has the room up to the page's end (or where it resumed from): recovery
            // resumes the room from there until a message event moves it on. Run on the storage
            // thread, so the loop gets it ahead of any message published after the join.
            List<ChatMessage> got = j.result().history().messages();
            Long after = j.after();
            long head = got.isEmpty()
                    ? (after != null ? after : 0)
                    : got.get(got.size() - 1).id();
            state.rooms.add(j.room());
            socket.executor().execute(() -> socket.track(j.room(), head));
            ObjectNode o = NODES.objectNode();
            o.put("room", j.room());
            o.put("epoch", j.epoch());
            if (j.reset() != null) {
                o.put("reset", j.reset());
            }
            SocketIoChatEvents.page(o, j.result().history());
            // written straight to JSON text: a tree here would be a few objects per member, per join
            o.putRawValue("members", SocketIoChatEvents.membersJson(j.result().members()));
            return o;
        } else if (reply instanceof ChatCommands.Reply.Left l) {
            state.rooms.remove(l.room());
            socket.executor().execute(() -> socket.untrack(l.room()));
            return NODES.objectNode().put("room", l.room());
        } else if (reply instanceof ChatCommands.Reply.Stored s) {
            ChatMessage m = s.result().message();
            ObjectNode o = NODES.objectNode();
            o.put("room", m.room());
            o.put("id", m.id());
            if (m.clientId() != null) {
                o.put("clientId", m.clientId());
            }
            o.put("duplicate", s.result().duplicate());
            return o;
        } else if (reply instanceof ChatCommands.Reply.Page p) {
            ObjectNode o = NODES.objectNode().put("room", p.room());
            if (p.reset() != null) {
                o.put("reset", p.reset());
            }
            return SocketIoChatEvents.page(o, p.page());
        } else if (reply instanceof ChatCommands.Reply.Typed t) {
            return NODES.objectNode().put("room", t.room());
        }
        throw new IllegalArgumentException("unhandled reply " + reply);
    }

    /** The IP address that opened the socket's session, or null when it came over no IP connection. */
    private static InetAddress address(SocketIoSocket socket) {
        return socket.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
