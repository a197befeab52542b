package io.switchboard.loadtool.common;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Command-line options about how clients connect, shared by every scenario.
 *
 * <p>Not thread-safe: filled in by picocli, then only read.
 */
public final class ClientOptions {

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "Event-loop threads of the load tool (default: ${DEFAULT-VALUE}; it shares the CPU with "
                    + "the server).")
    public int threads;

    @Option(
            names = "--handshakes-in-flight",
            defaultValue = "50",
            description = "WebSocket handshakes ramped concurrently (default: ${DEFAULT-VALUE}).")
    public int handshakesInFlight;

    @Option(
            names = "--connect-timeout",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "Bound on opening all clients and receiving their welcomes (default: ${DEFAULT-VALUE}).")
    public double connectTimeoutSeconds;

    @Option(
            names = "--protocol",
            defaultValue = "ws",
            paramLabel = "ws|socketio|native",
            converter = ProtocolConverter.class,
            description =
                    "What clients speak: ws (each text frame is a message; the first one from the server a welcome)"
                            + " or socketio (Engine.IO v4 WebSocket transport, CONNECT to /, join room "
                            + "'bench', send and receive"
                            + " 'message' events; the join ack is the welcome; a ws://host:port/ URL means "
                            + "/socket.io/) or native (Switchboard's JSON protocol on /ws: join room 'bench', send, "
                            + "count acks as stored; the joined answer is the welcome) (default: ${DEFAULT-VALUE}).")
    public ClientProtocol protocol;

    @Option(
            names = "--no-welcome",
            description =
                    "Do not wait for a first frame from the server (for servers that send no welcome, e.g. an echo).")
    public boolean noWelcome;

    /** Accepts the protocol names in lower case, as written in the help. */
    static final class ProtocolConverter implements CommandLine.ITypeConverter<ClientProtocol> {
        @Override
        public ClientProtocol convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "ws" -> ClientProtocol.WS;
                case "socketio", "socket.io" -> ClientProtocol.SOCKETIO;
                case "native" -> ClientProtocol.NATIVE;
                default -> throw new CommandLine.TypeConversionException("ws, socketio or native, got: " + value);
            };
        }
    }
}
