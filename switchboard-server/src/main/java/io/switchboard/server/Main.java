package io.switchboard.server;

import io.switchboard.auth.AuthSettings;
import io.switchboard.history.Retention;
import io.switchboard.server.admin.AdminToken;
import io.switchboard.server.logging.LogFormat;
import io.switchboard.server.security.OriginPolicy;
import io.switchboard.socketio.internal.engineio.CorsOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./switchboard}: parses the flags, starts the server, and drains it on SIGTERM or Ctrl-C. */
@Command(
        name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "Real-time chat server: the chat page, WebSocket at / (tutorial clients) and /ws (native protocol).",
        sortOptions = false)
public final class Main implements Callable<Integer> {
    /** Exit code of a bad flag or an unusable resource (what picocli uses for usage errors too). */
    static final int EXIT_BAD_CONFIG = 2;

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    /** Held until the process exits (the OS releases it then); a field so it stays reachable. */
    private static volatile DataDirLock dataDirLock;

    /** This command's model: {@code --print-config} reads every option's value and source from it. */
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A .yaml or .properties file of settings: keys are the flag names without the dashes, "
                    + "e.g. max-frame-bytes: 65536. Flags win over SWITCHBOARD_* environment variables, which win "
                    + "over the file (see docs/operations.md).")
    Path config;

    @Option(
            names = "--print-config",
            description = "Print every setting, its value and where it came from (flag, env, file, default), with "
                    + "secrets masked, and exit.")
    boolean printConfig;

    @Option(
            names = "--port",
            defaultValue = "3000",
            description = "TCP port, 0..65535; 0 takes any free one (env PORT too; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--data-dir",
            defaultValue = "data",
            description = "Folder for stored data (default ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--enable-echo",
            description = "Serve the WebSocket echo endpoint /echo (for protocol test suites).")
    boolean enableEcho;

    @Option(
            names = "--metrics",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            arity = "0..1",
            description = "Serve Prometheus metrics at GET /metrics (default on; --no-metrics turns it off).")
    boolean metrics;

    @Option(
            names = "--metrics-port",
            description = "Serve /metrics on this port instead of the main one (for a private network).")
    Integer metricsPort;

    @Option(names = "--io-threads", description = "Netty event loop threads (default: number of cores).")
    Integer ioThreads;

    @Option(
            names = "--io",
            description =
                    "Socket I/O backend: auto (io_uring, else epoll, else nio), io_uring, epoll or nio (default auto).")
    String io;

    @Option(names = "--transport", hidden = true, description = "Deprecated name of --io.")
    String transport;

    @Option(
            names = "--max-connections",
            defaultValue = "10000",
            description = "WebSocket connections at most; more get HTTP 503 (default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(
            names = "--max-frame-bytes",
            defaultValue = "65536",
            description = "Largest WebSocket frame or message; larger closes with 1009 (default ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(
            names = "--max-outbound-bytes",
            defaultValue = "1048576",
            description = "Bytes queued to one client: over it for a second, or over four times it (at least "
                    + "16 MiB) at all, the client is closed as a slow consumer (default ${DEFAULT-VALUE}).")
    long maxOutboundBytes;

    @Option(
            names = "--max-http-body-bytes",
            defaultValue = "65536",
            description = "Largest HTTP request body (default ${DEFAULT-VALUE}).")
    int maxHttpBodyBytes;

    @Option(
            names = "--ping-interval",
            defaultValue = "25",
            description = "Seconds of client silence before a ping (default ${DEFAULT-VALUE}).")
    int pingIntervalSeconds;

    @Option(
            names = "--idle-timeout",
            defaultValue = "60",
            description = "Seconds of client silence before the connection is closed (default ${DEFAULT-VALUE}).")
    int idleTimeoutSeconds;

    @Option(
            names = "--handshake-timeout",
            defaultValue = "10",
            description = "Seconds a WebSocket handshake, or an HTTP request's headers and body, may take; a "
                    + "slower HTTP request gets 408 (default ${DEFAULT-VALUE}).")
    int handshakeTimeoutSeconds;

    @Option(
            names = "--http-idle-timeout",
            defaultValue = "60",
            description = "Seconds an HTTP connection may stay silent (default ${DEFAULT-VALUE}).")
    int httpIdleTimeoutSeconds;

    @Option(
            names = "--http-presence-timeout",
            defaultValue = "30",
            description = "Seconds a ?nick= HTTP client stays present after its last request ended (default "
                    + "${DEFAULT-VALUE}).")
    int httpPresenceTimeoutSeconds;

    @Option(
            names = "--presence-grace",
            defaultValue = "5",
            description = "Seconds a ?client= member whose connection closed stays listed for its page to come back "
                    + "on another transport or after a reload; 0 leaves at once (default ${DEFAULT-VALUE}).")
    int presenceGraceSeconds;

    @Option(
            names = "--max-storage-wait-ms",
            defaultValue = "500",
            description = "Milliseconds an accepted message may wait for the store, judged by its measured "
                    + "speed; a message it would not reach in time is refused 'unavailable' at once "
                    + "(default ${DEFAULT-VALUE}).")
    int maxStorageWaitMs;

    @Option(
            names = "--max-streams-per-client",
            defaultValue = "16",
            description = "Long-polls, SSE and NDJSON streams open at once from one address; more get HTTP 429 "
                    + "(default ${DEFAULT-VALUE}).")
    int maxStreamsPerClient;

    @Option(
            names = "--sse-heartbeat",
            defaultValue = "15",
            description = "Seconds between heartbeats on quiet SSE and NDJSON streams (default ${DEFAULT-VALUE}).")
    int sseHeartbeatSeconds;

    @Option(
            names = "--rate-limit",
            defaultValue = "50",
            description = "Commands per second per connection, on average (default ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(
            names = "--rate-burst",
            defaultValue = "100",
            description = "Commands a connection may send at once (default ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(
            names = "--flush-delay-ms",
            defaultValue = "0",
            description = "Milliseconds a connection's writes may wait to leave together in one system call; 0 "
                    + "flushes at once (default ${DEFAULT-VALUE}).")
    int flushDelayMs;

    @Option(
            names = "--database",
            defaultValue = "sqlite",
            description = "Where history is stored: sqlite (a file in --data-dir), memory (lost on restart), "
                    + "or a postgresql://user:pass@host:port/db URL shared by many nodes (default ${DEFAULT-VALUE}).")
    String database;

    @Option(
            names = "--redis",
            description = "Joins this node to a cluster over Redis: redis://[:password@]host:port[/db] or "
                    + "rediss:// for TLS. Needs a shared --database postgresql:// (default: one node, no Redis).")
    String redis;

    @Option(
            names = "--retention-max-messages",
            defaultValue = "0",
            description = "Messages kept per room; 0 keeps all (default ${DEFAULT-VALUE}).")
    int retentionMaxMessages;

    @Option(
            names = "--retention-max-age",
            defaultValue = "0",
            description = "Age after which messages are deleted, e.g. 30d, 12h, 90m; 0 keeps them (default "
                    + "${DEFAULT-VALUE}).")
    String retentionMaxAge;

    @Option(
            names = "--socketio-cors-origin",
            paramLabel = "ORIGIN",
            split = ConfigSources.LIST_SPLIT,
            splitSynopsisLabel = ",",
            description = "Origin (scheme://host[:port]) whose pages may call /socket.io/ cross-origin; repeat "
                    + "for more, * for any (default: none, no CORS headers).")
    List<String> socketIoCorsOrigins = new ArrayList<>();

    @Option(
            names = "--socketio-cors-credentials",
            description =
                    "Let cross-origin /socket.io/ requests carry cookies (Access-Control-Allow-Credentials: true).")
    boolean socketIoCorsCredentials;

    @Option(
            names = "--socketio-cors-max-age",
            defaultValue = "0",
            description = "Seconds a browser may cache a /socket.io/ preflight answer; 0 sends no Max-Age "
                    + "(default ${DEFAULT-VALUE}).")
    int socketIoCorsMaxAgeSeconds;

    @Option(
            names = "--socketio-recovery",
            defaultValue = "120",
            paramLabel = "SECONDS",
            description = "How long a Socket.IO client whose connection dropped may come back and recover its "
                    + "socket, rooms and missed messages; 0 turns connection state recovery off "
                    + "(default ${DEFAULT-VALUE}).")
    int socketIoRecoverySeconds;

    @Option(
            names = "--history-per-room",
            defaultValue = "10000",
            description = "Messages kept per room by --database memory (default ${DEFAULT-VALUE}).")
    int historyPerRoom;

    @Secret
    @Option(
            names = "--admin-token",
            paramLabel = "TOKEN",
            description = "Serve the live dashboard at /admin to whoever enters this token (at least "
                    + AdminToken.MIN_LENGTH + " characters); without it /admin is 404 (default: off).")
    String adminToken;

    @Option(
            names = "--drain-delay",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "On SIGTERM, seconds /readyz answers 503 while every client is still served, before "
                    + "clients are closed with a reconnect code, 0..300 (default ${DEFAULT-VALUE}).")
    int drainDelaySeconds;

    @Option(
            names = "--access-log",
            description = "Log one line per HTTP request (logger switchboard.access; query-string secrets masked).")
    boolean accessLog;

    @Option(
            names = "--log-format",
            description = "Log format: text or json (one JSON object per line, for log shippers) "
                    + "(default: env SWITCHBOARD_LOG_FORMAT, else text).")
    String logFormat;

    @Option(
            names = "--allowed-origins",
            paramLabel = "ORIGIN",
            split = ConfigSources.LIST_SPLIT,
            splitSynopsisLabel = ",",
            description = "Origin (https://host[:port]) whose pages may connect besides the server's own; repeat "
                    + "for more, * for any (default: same origin only; no Origin and Origin: null are allowed).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(
            names = "--max-connections-per-ip",
            defaultValue = "256",
            description = "TCP connections one address may hold; more get HTTP 429 and are closed "
                    + "(default ${DEFAULT-VALUE}).")
    int maxConnectionsPerIp;

    @Option(
            names = "--max-commands-per-ip",
            defaultValue = "1000",
            description = "Commands per second one address may send across all its connections and transports, "
                    + "bursts of twice that; more are refused as rate-limited (default ${DEFAULT-VALUE}).")
    double maxCommandsPerIp;

    @Secret
    @Option(
            names = "--auth-secret",
            paramLabel = "SECRET",
            description = "Require a JWT signed with HS256 and this shared secret (at least "
                    + AuthSettings.MIN_SECRET_BYTES + " bytes) on every transport (default: off). Prefer "
                    + "SWITCHBOARD_AUTH_SECRET to the command line, which ps shows.")
    String authSecret;

    @Option(
            names = "--auth-public-key",
            paramLabel = "PEM",
            description = "Require a JWT signed with RS256 or ES256 by the key whose public half is in this PEM file "
                    + "(default: off).")
    Path authPublicKey;

    @Option(
            names = "--auth-jwks-url",
            paramLabel = "URL",
            description = "Require a JWT signed (RS256/ES256) by a key of the JWK set at this URL, fetched and "
                    + "cached, refetched for an unknown kid (default: off).")
    String authJwksUrl;

    @Option(
            names = "--auth-issuer",
            paramLabel = "ISS",
            description = "With auth on, a token's iss must be this (default: not checked).")
    String authIssuer;

    @Option(
            names = "--auth-audience",
            paramLabel = "AUD",
            description = "With auth on, a token's aud must name this (default: not checked).")
    String authAudience;

    @Option(
            names = "--auth-grace",
            defaultValue = "25",
            paramLabel = "SECONDS",
            description = "Seconds a connection stays open after its token's exp for a refreshed token, "
                    + "0..3600 (default ${DEFAULT-VALUE}).")
    int authGraceSeconds;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "Serve https and wss on the port with this PEM certificate chain (leaf first); needs "
                    + "--tls-key (default: plain http).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "PEM",
            description = "The PEM private key of --tls-cert (PKCS#8, or PKCS#1/SEC 1, unencrypted).")
    Path tlsKey;

    @Option(
            names = "--tls-self-signed",
            description = "Serve https and wss with a certificate generated at start for localhost and --host "
                    + "(development only; the log shows its SHA-256 fingerprint).")
    boolean tlsSelfSigned;

    @Option(
            names = "--compression",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            arity = "0..1",
            description = "Negotiate permessage-deflate with WebSocket clients that offer it (default on; "
                    + "--no-compression turns it off).")
    boolean compression;

    /** {@code --version}: the version and git commit the build recorded ({@link BuildInfo}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Switchboard " + BuildInfo.version() + " (commit " + BuildInfo.commit() + ")"};
        }
    }

    /** {@code 0}, or a whole number followed by d, h, m or s. */
    static Duration parseAge(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = Pattern.compile("(\\d+)([dhms])").matcher(text.trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(
                    new CommandLine(new Main()),
                    "--retention-max-age must be 0 or a number followed by d, h, m or s, e.g. 30d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** The {@code --socketio-cors-*} flags as options; each origin is {@code *} or {@code scheme://host[:port]}. */
    static CorsOptions corsOptions(List<String> origins, boolean credentials, int maxAgeSeconds) {
        for (String o : origins) {
            if (!o.equals(CorsOptions.ANY) && !o.matches("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s]+")) {
                throw new CommandLine.ParameterException(
                        new CommandLine(new Main()),
                        "--socketio-cors-origin must be * or scheme://host[:port] without a path, e.g. https://example.com, not "
                                + o);
            }
        }
        if (maxAgeSeconds < 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(new Main()), "--socketio-cors-max-age must not be negative");
        }
        return new CorsOptions(Set.copyOf(origins), credentials, Duration.ofSeconds(maxAgeSeconds));
    }

    /** {@code --allowed-origins}: each {@code *} or {@code http(s)://host[:port]}. */
    static OriginPolicy allowedOrigins(List<String> origins) {
        try {
            return OriginPolicy.allowing(origins);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Main()), e.getMessage());
        }
    }

    /** {@code --admin-token}: off when absent, refused at start when too short to be a secret. */
    static AdminToken adminToken(String text) {
        try {
            return AdminToken.of(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Main()), e.getMessage());
        }
    }

    /** {@code --socketio-recovery}: seconds, 0 for off. */
    static Duration recovery(int seconds) {
        if (seconds < 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(new Main()),
                    "--socketio-recovery must be 0 (off) or a number of seconds, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    /**
     * Runs the command with settings from {@code env} and the {@code --config} file below the flags
     * (see {@link ConfigSources}); a file or variable that names no flag ends it like a bad flag.
     */
    static int run(String[] args, Map<String, String> env) {
        CommandLine cmd = commandLine();
        try {
            cmd.setDefaultValueProvider(ConfigSources.load(cmd.getCommandSpec(), args, env));
        } catch (StartupException e) {
            return fail(e.getMessage(), e);
        }
        return cmd.execute(args);
    }

    /**
     * The command with the error handling of {@link #main}: a flag picocli rejects, or a
     * {@link StartupException}, is one line on stderr and exit code {@value #EXIT_BAD_CONFIG}; the
     * stack trace goes to the debug log only.
     */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.addSubcommand("token", new TokenCommand());
        cmd.setParameterExceptionHandler((e, args) -> fail(explain(cmd, e.getMessage(), e.getArgSpec()), e));
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof StartupException) {
                return fail(explain(cmd, e.getMessage(), null), e);
            }
            throw e; // a bug, not a configuration: keep the stack trace
        });
        return cmd;
    }

    /** {@code message}, naming the environment variable or file when the value came from there. */
    private static String explain(CommandLine cmd, String message, ArgSpec about) {
        return cmd.getDefaultValueProvider() instanceof ConfigSources sources
                ? sources.explain(message, about)
                : message;
    }

    private static int fail(String line, Exception e) {
        log.debug("start-up failed", e);
        System.err.println("switchboard: " + line);
        System.err.flush();
        return EXIT_BAD_CONFIG;
    }

    @Override
    public Integer call() throws Exception {
        try {
            LogFormat.apply(logFormat);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
        checkRanges();
        String ioName = io != null ? io : transport != null ? transport : "auto";
        IoBackend.choose(ioName, io != null || transport == null ? "--io" : "--transport");
        if (transport != null) {
            log.warn("--transport is deprecated and will be removed; use --io {}", ioName);
        }
        resolvable(host);
        ServerConfig.Builder b = ServerConfig.builder()
                .host(host)
                .port(port)
                .dataDir(dataDir)
                .enableEcho(enableEcho)
                .io(ioName)
                .maxConnections(maxConnections)
                .maxFrameBytes(maxFrameBytes)
                .maxOutboundBytes(maxOutboundBytes)
                .maxHttpBodyBytes(maxHttpBodyBytes)
                .pingInterval(Duration.ofSeconds(pingIntervalSeconds))
                .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                .handshakeTimeout(Duration.ofSeconds(handshakeTimeoutSeconds))
                .httpIdleTimeout(Duration.ofSeconds(httpIdleTimeoutSeconds))
                .httpPresenceTimeout(Duration.ofSeconds(httpPresenceTimeoutSeconds))
                .presenceGrace(Duration.ofSeconds(presenceGraceSeconds))
                .maxStorageWait(Duration.ofMillis(maxStorageWaitMs))
                .maxStreamsPerClient(maxStreamsPerClient)
                .sseHeartbeat(Duration.ofSeconds(sseHeartbeatSeconds))
                .rateLimit(rateLimit, rateBurst)
                .historyPerRoom(historyPerRoom)
                .flushDelay(Duration.ofMillis(flushDelayMs))
                .database(database)
                .retention(new Retention(retentionMaxMessages, parseAge(retentionMaxAge)))
                .socketIoCors(corsOptions(socketIoCorsOrigins, socketIoCorsCredentials, socketIoCorsMaxAgeSeconds))
                .socketIoRecovery(recovery(socketIoRecoverySeconds))
                .adminToken(adminToken(adminToken))
                .metrics(new MetricsSettings(metrics, metricsPort == null ? MetricsSettings.MAIN_PORT : metricsPort))
                .drainDelay(Duration.ofSeconds(drainDelaySeconds))
                .accessLog(accessLog)
                .redis(ClusterFlags.checked(redis, database))
                .allowedOrigins(allowedOrigins(allowedOrigins))
                .maxConnectionsPerIp(maxConnectionsPerIp)
                .maxCommandsPerIp(maxCommandsPerIp)
                .auth(authSettings())
                .tls(new TlsSettings(tlsCert, tlsKey, tlsSelfSigned))
                .compression(compression);
        if (ioThreads != null) {
            b.ioThreads(ioThreads);
        }
        if (printConfig) {
            b.build(); // every check a start makes without the data folder, the database or the port
            ConfigSources sources = (ConfigSources) spec.defaultValueProvider();
            ConfigPrinter.lines(spec, spec.commandLine().getParseResult(), sources)
                    .forEach(System.out::println);
            return 0;
        }
        dataDirLock = DataDirLock.acquire(dataDir);
        SwitchboardServer server = SwitchboardServer.start(b.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.shutdown();
                            stopped.countDown();
                        },
                        "shutdown"));
        System.out.println("Switchboard listening on " + (tlsCert != null || tlsSelfSigned ? "https" : "http") + "://"
                + host + ":" + server.port()
                + (enableEcho ? " (echo endpoint enabled at /echo)" : ""));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Every numeric flag against its range (the README's flags table lists them). */
    private void checkRanges() {
        FlagCheck.range("--port", port, 0, FlagCheck.MAX_PORT);
        if (ioThreads != null) {
            FlagCheck.range("--io-threads", ioThreads, 1, 1024);
        }
        FlagCheck.range("--max-connections", maxConnections, 1, 1_000_000);
        FlagCheck.range("--max-frame-bytes", maxFrameBytes, 125, 16 * 1024 * 1024);
        FlagCheck.range("--max-outbound-bytes", maxOutboundBytes, 1024, 1024L * 1024 * 1024);
        FlagCheck.range("--max-http-body-bytes", maxHttpBodyBytes, 1024, 16 * 1024 * 1024);
        FlagCheck.range("--ping-interval", pingIntervalSeconds, 1, 3600);
        FlagCheck.range("--idle-timeout", idleTimeoutSeconds, 2, 86_400);
        if (idleTimeoutSeconds <= pingIntervalSeconds) {
            throw new StartupException("--idle-timeout must be longer than --ping-interval (" + pingIntervalSeconds
                    + "), got " + idleTimeoutSeconds);
        }
        FlagCheck.range("--handshake-timeout", handshakeTimeoutSeconds, 1, 3600);
        FlagCheck.range("--http-idle-timeout", httpIdleTimeoutSeconds, 1, 86_400);
        FlagCheck.range("--http-presence-timeout", httpPresenceTimeoutSeconds, 1, 86_400);
        FlagCheck.range("--presence-grace", presenceGraceSeconds, 0, 300);
        FlagCheck.range("--max-storage-wait-ms", maxStorageWaitMs, 10, 60_000);
        FlagCheck.range("--max-streams-per-client", maxStreamsPerClient, 1, 100_000);
        FlagCheck.range("--sse-heartbeat", sseHeartbeatSeconds, 1, 3600);
        FlagCheck.positive("--rate-limit", rateLimit, 1_000_000_000);
        FlagCheck.range("--rate-burst", rateBurst, 1, 1_000_000_000);
        FlagCheck.range("--flush-delay-ms", flushDelayMs, 0, 1000);
        FlagCheck.range("--retention-max-messages", retentionMaxMessages, 0, Integer.MAX_VALUE);
        FlagCheck.range("--history-per-room", historyPerRoom, 1, 10_000_000);
        FlagCheck.range("--socketio-cors-max-age", socketIoCorsMaxAgeSeconds, 0, 86_400);
        FlagCheck.range("--socketio-recovery", socketIoRecoverySeconds, 0, 86_400);
        if (metricsPort != null) {
            FlagCheck.range("--metrics-port", metricsPort, 0, 65_535);
        }
        FlagCheck.range("--drain-delay", drainDelaySeconds, 0, 300);
        FlagCheck.range("--max-connections-per-ip", maxConnectionsPerIp, 1, 1_000_000);
        FlagCheck.positive("--max-commands-per-ip", maxCommandsPerIp, 1_000_000_000);
        FlagCheck.range("--auth-grace", authGraceSeconds, 0, 3600);
    }

    /** The {@code --auth-*} flags; a short secret or two key sources stop the start with one line. */
    private AuthSettings authSettings() {
        URI jwks = null;
        if (authJwksUrl != null) {
            try {
                jwks = new URI(authJwksUrl);
            } catch (URISyntaxException e) {
                throw new StartupException("--auth-jwks-url must be an http or https URL, got " + authJwksUrl, e);
            }
        }
        try {
            return new AuthSettings(
                    authSecret, authPublicKey, jwks, authIssuer, authAudience, Duration.ofSeconds(authGraceSeconds));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** {@code --host} must name an address of this machine, or a name that resolves to one. */
    private static void resolvable(String host) {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new StartupException("--host " + host + ": unknown host", e);
        }
    }
}
