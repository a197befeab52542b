package io.switchboard.socketio.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.socketio.Ack;
import io.switchboard.socketio.BroadcastOptions;
import io.switchboard.socketio.InMemoryAdapter;
import io.switchboard.socketio.Namespace;
import io.switchboard.socketio.RemoteSocket;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketIoParseException;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what another node asks of this one ({@link RequestType}) with this node's
 * {@link InMemoryAdapter}, and answers it. Messages this node sent itself are ignored: it did its
 * own part before sending.
 *
 * <p>Thread-safe; called on a Lettuce I/O thread, so nothing here blocks.
 */
final class RemoteRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(RemoteRequestHandler.class);

    /** Sends one reply to the node that asked. */
    @FunctionalInterface
    interface Replier {
        void reply(String toNode, String req, JsonNode value);
    }

    private final Namespace namespace;
    private final InMemoryAdapter local;
    private final String self;
    private final Replier replier;

    RemoteRequestHandler(Namespace namespace, InMemoryAdapter local, String self, Replier replier) {
        this.namespace = namespace;
        this.local = local;
        this.self = self;
        this.replier = replier;
    }

    void onRequest(String message) {
        JsonNode m = Envelope.read(message);
        String from = m.path("from").asText();
        if (from.equals(self)) {
            return;
        }
        RequestType type = RequestType.of(m.path("t").asText());
        BroadcastOptions opts = Envelope.options(m);
        String req = m.path("req").asText(null);
        switch (type) {
            case BROADCAST -> local.broadcast(Envelope.packet(m), opts);
            case BROADCAST_COUNTED ->
                count(
                        from,
                        req,
                        local.broadcastCounted(Envelope.packet(m), opts).join().value());
            case BROADCAST_ACK -> broadcastWithAck(from, req, m, opts);
            case FETCH_SOCKETS -> fetch(from, req, opts);
            case SOCKETS_JOIN ->
                count(
                        from,
                        req,
                        local.addSockets(opts, Envelope.strings(m.get("join")))
                                .join()
                                .value());
            case SOCKETS_LEAVE ->
                count(
                        from,
                        req,
                        local.delSockets(opts, Envelope.strings(m.get("join")))
                                .join()
                                .value());
            case DISCONNECT_SOCKETS ->
                count(
                        from,
                        req,
                        local.disconnectSockets(opts, m.path("close").asBoolean())
                                .join()
                                .value());
            case SERVER_SIDE_EMIT -> serverSideEmit(from, req, m);
            case REPLY -> {
                // replies come on the reply channel
            }
        }
    }

    private void count(String from, String req, int n) {
        ObjectNode v = Envelope.JSON.createObjectNode();
        v.put("count", n);
        replier.reply(from, req, v);
    }

    private void broadcastWithAck(String from, String req, JsonNode m, BroadcastOptions opts) {
        SocketPacket packet;
        try {
            EncodedSocketPacket encoded = Envelope.packet(m);
            packet = SocketPacketDecoder.reconstruct(SocketPacketDecoder.decode(encoded.text()), encoded.attachments());
        } catch (SocketIoParseException e) {
            log.warn("socket.io-redis: unreadable broadcast from {}", from, e);
            return;
        }
        local.broadcastWithAck(packet, opts).thenAccept(result -> {
            ObjectNode v = Envelope.JSON.createObjectNode();
            v.put("clients", result.value().clients());
            ArrayNode acks = v.putArray("acks");
            for (List<JsonNode> args : result.value().acks()) {
                ArrayNode a = acks.addArray();
                args.forEach(a::add);
            }
            replier.reply(from, req, v);
        });
    }

    private void fetch(String from, String req, BroadcastOptions opts) {
        List<RemoteSocket> views = local.fetchRemoteSockets(opts).join().value();
        ObjectNode v = Envelope.JSON.createObjectNode();
        ArrayNode sockets = v.putArray("sockets");
        for (RemoteSocket s : views) {
            ObjectNode o = sockets.addObject();
            o.put("id", s.id());
            Envelope.strings(o.putArray("rooms"), s.rooms());
            o.set("data", s.data());
            o.set("handshake", s.handshake());
        }
        replier.reply(from, req, v);
    }

    private void serverSideEmit(String from, String req, JsonNode m) {
        List<JsonNode> args = new ArrayList<>();
        m.path("args").forEach(args::add);
        boolean withAck = m.path("ack").asBoolean();
        AtomicBoolean answered = new AtomicBoolean();
        Ack ack = withAck
                ? answer -> {
                    if (answered.compareAndSet(false, true)) {
                        ObjectNode v = Envelope.JSON.createObjectNode();
                        ArrayNode a = v.putArray("args");
                        for (Object o : answer) {
                            a.add(Envelope.JSON.valueToTree(o));
                        }
                        replier.reply(from, req, v);
                    }
                }
                : null;
        boolean handled = namespace.receiveServerSideEmit(m.path("event").asText(), args, ack);
        if (!withAck || !handled) {
            // nothing more will come from this node: it ran its handlers (or had none)
            ObjectNode v = Envelope.JSON.createObjectNode();
            v.putArray("args");
            replier.reply(from, req, v);
        }
    }
}
