package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.socketio.internal.engineio.EngineCloseReason;
import io.switchboard.socketio.internal.engineio.EngineIoSession;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketIoParseException;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketDecoder;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Socket.IO side of one Engine.IO session: decodes packets (waiting for binary attachments),
 * connects the client to namespaces through their middleware, routes packets to its sockets.
 *
 * <p>Confined to the session's loop, except {@link #send}, which any thread may call.
 */
final class SocketIoClient implements EngineIoSession.Listener {
    private final SocketIoServer server;
    private final EngineIoSession session;
    /** Namespace name → this client's socket there; loop-confined. */
    private final Map<String, SocketIoSocket> sockets = new HashMap<>();
    /** A binary packet whose attachments are still arriving, or null; loop-confined. */
    private SocketPacket reconstructing;

    private final List<byte[]> attachments = new ArrayList<>();
    /** Bytes of {@link #attachments} so far; one packet's attachments may not outgrow maxPayload. */
    private long attachmentBytes;
    /** Closes the client if it joins no namespace in time; loop-confined. */
    private ScheduledFuture<?> connectTimer;
    /** Set when the Engine.IO session ended; loop-confined. */
    private boolean closed;

    SocketIoClient(SocketIoServer server, EngineIoSession session) {
        this.server = server;
        this.session = session;
        long timeout = server.config().connectTimeout().toMillis();
        connectTimer = session.loop()
                .schedule(
                        () -> {
                            if (sockets.isEmpty()) {
                                close();
                            }
                        },
                        timeout,
                        TimeUnit.MILLISECONDS);
    }

    EngineIoSession session() {
        return session;
    }

    SocketIoServer server() {
        return server;
    }

    void send(SocketPacket p) {
        sendEncoded(SocketPacketEncoder.encode(p));
    }

    /** Sends the packet; a broadcast's shared frames must be held by the caller during the call. */
    void sendEncoded(EncodedSocketPacket encoded) {
        // the same packet instance for every recipient of a broadcast: a queued reference each
        session.send(encoded.message(), encoded.shared());
        for (byte[] b : encoded.attachments()) {
            session.send(EnginePacket.binaryMessage(b));
        }
    }

    void close() {
        session.close(EngineCloseReason.FORCED_CLOSE);
    }

    void removeSocket(SocketIoSocket socket) {
        sockets.remove(socket.namespace().name(), socket);
    }

    @Override
    public void onMessage(EnginePacket message) {
        try {
            if (message.isBinary()) {
                if (reconstructing == null) {
                    throw new SocketIoParseException("binary data without a binary packet");
                }
                attachmentBytes += message.binary().length;
                if (attachmentBytes > server.config().engine().maxPayload()) {
                    // over polling, one payload carries them all and is already bounded so
                    throw new SocketIoParseException("attachments larger than maxPayload");
                }
                attachments.add(message.binary());
                if (attachments.size() == reconstructing.attachments()) {
                    SocketPacket p = SocketPacketDecoder.reconstruct(reconstructing, List.copyOf(attachments));
                    reconstructing = null;
                    attachments.clear();
                    attachmentBytes = 0;
                    dispatch(p);
                }
                return;
            }
            if (reconstructing != null) {
                throw new SocketIoParseException("text packet while waiting for attachments");
            }
            SocketPacket p = SocketPacketDecoder.decode(message.text());
            if (p.type().isBinary() && p.attachments() > 0) {
                reconstructing = p;
            } else {
                dispatch(p.type().isBinary() ? SocketPacketDecoder.reconstruct(p, List.of()) : p);
            }
        } catch (SocketIoParseException e) {
            session.close(EngineCloseReason.PARSE_ERROR);
        }
    }

    private void dispatch(SocketPacket p) {
        if (p.type() == SocketPacketType.CONNECT) {
            connect(p);
            return;
        }
        SocketIoSocket socket = sockets.get(p.namespace());
        if (socket != null) {
            socket.onPacket(p);
        }
    }

    private void connect(SocketPacket p) {
        if (sockets.containsKey(p.namespace())) {
            return;
        }
        Namespace ns = server.lookup(p.namespace());
        if (ns == null) {
            refuse(p.namespace(), "Invalid namespace", null);
            return;
        }
        JsonNode auth = p.data() == null ? JsonNodeFactory.instance.objectNode() : p.data();
        if (ns.recoveryEnabled() && auth instanceof ObjectNode given && given.get("pid") != null) {
            ObjectNode plain = given.deepCopy();
            JsonNode pid = plain.remove("pid");
            JsonNode offset = plain.remove("offset");
            if (pid.isTextual() && (offset == null || offset.isTextual())) {
                // the adapter may ask a shared store: go on on this loop once it answered
                CompletableFuture<SavedSession> saved = ns.adapter().restoreSession(pid.textValue());
                if (saved.isDone()
                        && !saved.isCompletedExceptionally()
                        && session.loop().inEventLoop()) {
                    connectRestoring(ns, saved.getNow(null), offset, plain);
                } else {
                    saved.whenComplete((s, failure) -> session.loop()
                            .execute(() -> connectRestoring(ns, failure == null ? s : null, offset, plain)));
                }
                return;
            }
            auth = plain;
        }
        connectNew(ns, auth);
    }

    private void connectNew(Namespace ns, JsonNode auth) {
        SocketIoSocket socket =
                new SocketIoSocket(server.newId(), ns.recoveryEnabled() ? server.newId() : null, ns, this, auth);
        runMiddleware(socket, ns.middlewares().iterator());
    }

    /** Connects a client that asked for its session back: restored when it can be, else as new. On the loop. */
    private void connectRestoring(Namespace ns, SavedSession saved, JsonNode offset, JsonNode auth) {
        if (closed || sockets.containsKey(ns.name())) {
            return;
        }
        SocketIoSocket restored = saved == null ? null : restore(ns, saved, offset, auth);
        if (restored == null) {
            connectNew(ns, auth);
        } else if (ns.recovery().skipMiddlewares()) {
            join(restored);
        } else {
            runMiddleware(restored, ns.middlewares().iterator());
        }
    }

    /**
     * The socket a reconnecting client asks back with its last offset, or null when it cannot be
     * given back whole (an offset this server did not write, packets no longer kept): the client
     * then gets a new socket, as from the reference.
     *
     * <p>A session saved by another node (or an earlier process) counts its namespace packets in
     * that node's log, which this one does not have: the socket is given back with its id, rooms,
     * data and application streams, and takes this node's namespace packets from now on.
     */
    private SocketIoSocket restore(Namespace ns, SavedSession saved, JsonNode offset, JsonNode auth) {
        Map<String, Long> positions = new HashMap<>(saved.positions());
        if (offset != null) {
            Map<String, Long> reached = StreamCursor.parse(offset.textValue());
            if (reached == null) {
                return null;
            }
            positions.putAll(reached);
        }
        if (!ns.logId().equals(saved.log())) {
            positions.remove(StreamCursor.NAMESPACE);
        } else {
            Long logPosition = positions.get(StreamCursor.NAMESPACE);
            if (logPosition == null || !ns.canReplayAfter(logPosition)) {
                return null;
            }
        }
        return new SocketIoSocket(
                saved.sid(), saved.pid(), ns, this, auth, true, saved.rooms(), saved.data(), positions);
    }

    private void runMiddleware(SocketIoSocket socket, Iterator<Middleware> it) {
        if (!it.hasNext()) {
            join(socket);
            return;
        }
        Middleware m = it.next();
        m.handle(socket, new Middleware.Next() {
            private boolean done;

            @Override
            public void proceed() {
                session.loop().execute(() -> {
                    if (!done) {
                        done = true;
                        runMiddleware(socket, it);
                    }
                });
            }

            @Override
            public void refuse(String message, JsonNode data) {
                session.loop().execute(() -> {
                    if (!done) {
                        done = true;
                        SocketIoClient.this.refuse(socket.namespace().name(), message, data);
                    }
                });
            }
        });
    }

    private void refuse(String namespace, String message, JsonNode data) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        send(SocketPacket.of(SocketPacketType.CONNECT_ERROR, namespace, SocketPacket.NO_ACK, error));
    }

    private void join(SocketIoSocket socket) {
        if (closed || sockets.containsKey(socket.namespace().name())) {
            return;
        }
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
        sockets.put(socket.namespace().name(), socket);
        ObjectNode handshake = JsonNodeFactory.instance.objectNode().put("sid", socket.id());
        if (socket.pid() != null) {
            handshake.put("pid", socket.pid());
        }
        send(SocketPacket.of(SocketPacketType.CONNECT, socket.namespace().name(), SocketPacket.NO_ACK, handshake));
        socket.namespace().add(socket);
    }

    @Override
    public void onClose(EngineCloseReason reason) {
        closed = true;
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
        DisconnectReason r = DisconnectReason.of(reason);
        for (SocketIoSocket s : List.copyOf(sockets.values())) {
            s.closed(r);
        }
        sockets.clear();
    }
}
