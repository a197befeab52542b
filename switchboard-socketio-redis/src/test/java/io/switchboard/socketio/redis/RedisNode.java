package io.switchboard.socketio.redis;

import io.switchboard.socketio.ConnectionStateRecovery;
import io.switchboard.socketio.SocketIoConfig;
import io.switchboard.socketio.SocketIoHttpServer;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.internal.engineio.EngineIoConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Socket.IO node of a test cluster: a {@link SocketIoServer} with the Redis adapter and
 * connection state recovery, listening on a free port. A test's clients talk to it over the
 * network; the test drives it through {@link #io()}.
 */
final class RedisNode implements AutoCloseable {
    private final String id;
    private final SocketIoServer io;
    private final SocketIoHttpServer http;

    private RedisNode(String id, SocketIoServer io, SocketIoHttpServer http) {
        this.id = id;
        this.io = io;
        this.http = http;
    }

    static RedisNode start(String redisUri, String id) throws Exception {
        RedisAdapterOptions options = RedisAdapterOptions.defaults()
                .withNodeId(id)
                .withHeartbeat(Duration.ofMillis(200), Duration.ofSeconds(2));
        SocketIoServer io = new SocketIoServer(new SocketIoConfig(
                        EngineIoConfig.defaults(),
                        Duration.ofSeconds(5),
                        new ConnectionStateRecovery(Duration.ofSeconds(30), true))
                .withAdapter(RedisAdapter.factory(redisUri, options)));
        ((RedisAdapter) io.sockets().adapter()).ready().get(10, TimeUnit.SECONDS);
        return new RedisNode(id, io, io.listen("127.0.0.1", 0));
    }

    String id() {
        return id;
    }

    SocketIoServer io() {
        return io;
    }

    RedisAdapter adapter() {
        return (RedisAdapter) io.sockets().adapter();
    }

    String url() {
        return "http://127.0.0.1:" + http.port();
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + http.port() + "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public void close() {
        io.close();
    }
}
