package io.switchboard.server;

import io.switchboard.auth.AuthSettings;
import io.switchboard.history.Retention;
import io.switchboard.hub.Hub;
import io.switchboard.server.admin.AdminToken;
import io.switchboard.server.security.OriginPolicy;
import io.switchboard.socketio.internal.engineio.CorsOptions;
import io.switchboard.transport.http.HttpSettings;
import io.switchboard.transport.websocket.WebSocketSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a server is started with; immutable. {@link #builder()} starts from the defaults that
 * {@code ./switchboard} runs with.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        boolean enableEcho,
        int ioThreads,
        String io,
        int maxConnections,
        int maxHttpBodyBytes,
        Duration httpIdleTimeout,
        int historyPerRoom,
        String database,
        Retention retention,
        Duration retentionInterval,
        WebSocketSettings webSocket,
        HttpSettings http,
        CorsOptions socketIoCors,
        Duration socketIoRecovery,
        AdminToken adminToken,
        Duration presenceGrace,
        Duration maxStorageWait,
        MetricsSettings metrics,
        Duration drainDelay,
        boolean accessLog,
        String redis,
        OriginPolicy allowedOrigins,
        int maxConnectionsPerIp,
        double maxCommandsPerIp,
        AuthSettings auth,
        TlsSettings tls) {

    /** {@code --database} values besides a {@code postgresql://} URL. */
    public static final String SQLITE = "sqlite";

    public static final String MEMORY = "memory";

    /** Whether {@code --redis} joins this node to a cluster. */
    public boolean clustered() {
        return redis != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder with the documented defaults. Not thread-safe. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 3000;
        private Path dataDir = Path.of("data");
        private boolean enableEcho;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private String io = "auto";
        private int maxConnections = 10_000;
        private int maxHttpBodyBytes = 64 * 1024;
        private Duration httpIdleTimeout = Duration.ofSeconds(60);
        private int historyPerRoom = 10_000;
        private String database = SQLITE;
        private Retention retention = Retention.UNBOUNDED;
        private Duration retentionInterval = Duration.ofMinutes(1);
        private int maxFrameBytes = 64 * 1024;
        private long maxOutboundBytes = 1024 * 1024;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private double rateLimitPerSecond = 50;
        private int rateLimitBurst = 100;
        private Duration flushDelay = Duration.ZERO;
        private Duration httpPresenceTimeout = Duration.ofSeconds(30);
        private int maxStreamsPerClient = 16;
        private Duration sseHeartbeat = Duration.ofSeconds(15);
        private CorsOptions socketIoCors = CorsOptions.NONE;
        private MetricsSettings metrics = MetricsSettings.ON_MAIN_PORT;
        /** How long a dropped Socket.IO client may take to recover its socket; zero turns recovery off. */
        private Duration socketIoRecovery = Duration.ofMinutes(2);
        /** The dashboard at {@code /admin} is off unless a token is set. */
        private AdminToken adminToken = AdminToken.OFF;
        /** How long a closed client-id member stays listed for its page to come back; zero: it leaves at once. */
        private Duration presenceGrace = Duration.ofSeconds(5);

        private Duration maxStorageWait = Hub.DEFAULT_MAX_STORAGE_WAIT;
        /** How long SIGTERM keeps serving with {@code /readyz} at 503 before clients are closed. */
        private Duration drainDelay = Duration.ofSeconds(5);
        /** One log line per HTTP request (logger {@code switchboard.access}). */
        private boolean accessLog;
        /** {@code --redis}: the Redis of a cluster of nodes ({@code redis://} or {@code rediss://}); null: one node. */
        private String redis;

        public Builder redis(String v) {
            redis = v;
            return this;
        }

        /** Pages of other origins that may connect; by default only the server's own (docs/security.md). */
        private OriginPolicy allowedOrigins = OriginPolicy.SAME_ORIGIN;
        /** TCP connections one address may hold; more are answered 429 and closed. */
        private int maxConnectionsPerIp = 256;
        /** Commands per second one address may send across all its connections (bursts of twice that). */
        private double maxCommandsPerIp = 1000;

        public Builder allowedOrigins(OriginPolicy v) {
            allowedOrigins = v;
            return this;
        }

        public Builder maxConnectionsPerIp(int v) {
            maxConnectionsPerIp = v;
            return this;
        }

        public Builder maxCommandsPerIp(double v) {
            maxCommandsPerIp = v;
            return this;
        }

        /** {@code --auth-*}: off (no token required) unless a key source is set. */
        private AuthSettings auth = AuthSettings.OFF;

        public Builder auth(AuthSettings v) {
            auth = v;
            return this;
        }

        /** Plain HTTP unless a certificate is given or generated. */
        private TlsSettings tls = TlsSettings.OFF;
        /** permessage-deflate with WebSocket clients that offer it. */
        private boolean compression = true;

        public Builder tls(TlsSettings v) {
            tls = v;
            return this;
        }

        /** {@code --no-compression} turns permessage-deflate off. */
        public Builder compression(boolean v) {
            compression = v;
            return this;
        }

        public Builder drainDelay(Duration v) {
            drainDelay = v;
            return this;
        }

        public Builder accessLog(boolean v) {
            accessLog = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        public Builder enableEcho(boolean v) {
            enableEcho = v;
            return this;
        }

        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }
        /** {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}. */
        public Builder io(String v) {
            io = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder maxHttpBodyBytes(int v) {
            maxHttpBodyBytes = v;
            return this;
        }

        public Builder httpIdleTimeout(Duration v) {
            httpIdleTimeout = v;
            return this;
        }

        public Builder historyPerRoom(int v) {
            historyPerRoom = v;
            return this;
        }
        /** {@code sqlite} (a file in the data folder), {@code memory}, or a {@code postgresql://} URL. */
        public Builder database(String v) {
            database = v;
            return this;
        }

        public Builder retention(Retention v) {
            retention = v;
            return this;
        }

        public Builder retentionInterval(Duration v) {
            retentionInterval = v;
            return this;
        }

        public Builder maxFrameBytes(int v) {
            maxFrameBytes = v;
            return this;
        }

        public Builder maxOutboundBytes(long v) {
            maxOutboundBytes = v;
            return this;
        }

        public Builder pingInterval(Duration v) {
            pingInterval = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder handshakeTimeout(Duration v) {
            handshakeTimeout = v;
            return this;
        }

        public Builder flushDelay(Duration v) {
            flushDelay = v;
            return this;
        }

        public Builder httpPresenceTimeout(Duration v) {
            httpPresenceTimeout = v;
            return this;
        }

        public Builder maxStreamsPerClient(int v) {
            maxStreamsPerClient = v;
            return this;
        }
        /** Heartbeat interval of SSE and NDJSON streams. */
        public Builder sseHeartbeat(Duration v) {
            sseHeartbeat = v;
            return this;
        }
        /** Cross-origin access to {@code /socket.io/}; {@link CorsOptions#NONE} (the default) sends no CORS headers. */
        public Builder socketIoCors(CorsOptions v) {
            socketIoCors = v;
            return this;
        }

        public Builder socketIoRecovery(Duration v) {
            socketIoRecovery = v;
            return this;
        }

        public Builder adminToken(AdminToken v) {
            adminToken = v;
            return this;
        }

        public Builder presenceGrace(Duration v) {
            presenceGrace = v;
            return this;
        }

        /** How long an accepted message may wait for the store; busier, it is refused {@code unavailable}. */
        public Builder maxStorageWait(Duration v) {
            maxStorageWait = v;
            return this;
        }

        /** {@code --metrics} and {@code --metrics-port}: whether and where {@code /metrics} is served. */
        public Builder metrics(MetricsSettings v) {
            metrics = v;
            return this;
        }

        public Builder rateLimit(double perSecond, int burst) {
            rateLimitPerSecond = perSecond;
            rateLimitBurst = burst;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    dataDir,
                    enableEcho,
                    ioThreads,
                    io,
                    maxConnections,
                    maxHttpBodyBytes,
                    httpIdleTimeout,
                    historyPerRoom,
                    database,
                    retention,
                    retentionInterval,
                    new WebSocketSettings(
                            maxFrameBytes,
                            maxOutboundBytes,
                            pingInterval,
                            idleTimeout,
                            handshakeTimeout,
                            rateLimitPerSecond,
                            rateLimitBurst,
                            flushDelay,
                            compression),
                    // an HTTP request's headers and body get the same time as a WebSocket handshake
                    new HttpSettings(
                            httpPresenceTimeout, maxStreamsPerClient, sseHeartbeat, handshakeTimeout, maxOutboundBytes),
                    socketIoCors,
                    socketIoRecovery,
                    adminToken,
                    presenceGrace,
                    maxStorageWait,
                    metrics,
                    drainDelay,
                    accessLog,
                    redis,
                    allowedOrigins,
                    maxConnectionsPerIp,
                    maxCommandsPerIp,
                    auth,
                    tls);
        }
    }
}
