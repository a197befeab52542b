package io.switchboard.chat;

import io.switchboard.hub.Delivery;
import io.switchboard.hub.Session;
import io.switchboard.metrics.Transport;
import io.switchboard.model.HubEvent;
import io.switchboard.model.SessionId;
import io.switchboard.socketio.SocketIoSocket;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A socket as the hub sees it; deliveries run on the loop of the socket's Engine.IO session.
 * Message events are tracked in their room's stream at their id (connection state recovery).
 * While a recovered socket is sent what it missed, live events wait ({@link #release}).
 *
 * <p>Confined to the socket's loop.
 */
final class SocketIoChatSession implements Session {
    /** A live event that arrived while a recovered socket was being sent what it missed. */
    private record Held(HubEvent event, EncodedSocketPacket packet) {}

    private final SessionId id;
    private final SocketIoSocket socket;
    /** Non-null while a recovery replays history; loop-confined. */
    private List<Held> held;

    SocketIoChatSession(SessionId id, SocketIoSocket socket, boolean replaying) {
        this.id = id;
        this.socket = socket;
        this.held = replaying ? new ArrayList<>() : null;
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
    public Transport transport() {
        return socket.overWebSocket() ? Transport.SOCKETIO_WEBSOCKET : Transport.SOCKETIO_POLLING;
    }

    @Override
    public void deliver(Delivery delivery) {
        EncodedSocketPacket packet = delivery.encoded(SocketIoChatEvents.FORMAT);
        if (packet == null || !socket.connected()) {
            return;
        }
        if (held != null) {
            // sent after the delivery has released its shared frames: this socket compresses its own
            held.add(new Held(delivery.event(), packet.unshared()));
        } else {
            send(delivery.event(), packet);
        }
    }

    /** On the loop. */
    void send(HubEvent event, EncodedSocketPacket packet) {
        if (!socket.connected()) {
            return;
        }
        if (event instanceof HubEvent.MessagePosted posted) {
            socket.sendTracked(packet, posted.message().room(), posted.message().id());
        } else {
            socket.sendEncoded(packet);
        }
    }

    /** Ends a replay: sends the events that waited, but no message the replay already sent. On the loop. */
    void release(Map<String, Long> replayedUpTo) {
        List<Held> waiting = held;
        held = null;
        if (waiting == null) {
            return;
        }
        for (Held h : waiting) {
            if (h.event() instanceof HubEvent.MessagePosted posted) {
                Long upTo = replayedUpTo.get(posted.message().room());
                if (upTo != null && posted.message().id() <= upTo) {
                    continue;
                }
            }
            send(h.event(), h.packet());
        }
    }

    @Override
    public void flush() {
        // the Engine.IO session writes (or buffers for the next poll) as packets are sent
    }
}
