package io.switchboard.server.admin;

import io.netty.channel.group.ChannelGroup;
import io.switchboard.hub.Hub;
import io.switchboard.hub.StorageTimes;
import io.switchboard.socketio.SocketIoServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's figures from what the server holds today: the hub's sessions, rooms, counters and
 * storage queue, the group of WebSocket channels and the Engine.IO sessions. Connections are not
 * yet split by transport (that needs the per-transport counters of the metrics registry), and no
 * counter of slow-consumer or rate-limit closes exists yet, so those are {@code null}.
 *
 * <p>Thread-safe: every figure is read from a concurrent structure or a counter.
 */
public final class HubAdminSource implements AdminSource {
    static final int LARGEST_ROOMS = 10;

    private final Hub hub;
    private final ChannelGroup webSockets;
    private final SocketIoServer socketIo;

    public HubAdminSource(Hub hub, ChannelGroup webSockets, SocketIoServer socketIo) {
        this.hub = hub;
        this.webSockets = webSockets;
        this.socketIo = socketIo;
    }

    @Override
    public Snapshot sample() {
        Map<String, Long> connections = new LinkedHashMap<>();
        // every chat session of the hub, whatever its transport (HTTP presence included)
        connections.put("sessions", (long) hub.sessionCount());
        // WebSocket connections of /, /ws and Socket.IO's WebSocket transport
        connections.put("websocket", (long) webSockets.size());
        // Engine.IO sessions, polling and WebSocket
        connections.put("socketio", (long) socketIo.engine().sessionCount());
        StorageTimes times = hub.storageTimes();
        return new Snapshot(
                connections,
                hub.messagesStored(),
                hub.messageDeliveries(),
                times.appendNanos() / 1e9,
                times.appendBatches(),
                (long) hub.storageQueueDepth(),
                hub.roomCount(),
                hub.largestRooms(LARGEST_ROOMS),
                null,
                null);
    }
}
