package embedding;

import io.switchboard.socketio.SocketIoConfig;
import io.switchboard.socketio.SocketIoHttpServer;
import io.switchboard.socketio.SocketIoServer;

/**
 * A Socket.IO server written only against the library's documented API: it greets every connection
 * with its id and answers {@code echo} with its arguments through the acknowledgement.
 *
 * <p>Run: {@code java -cp ... embedding.EchoServer [port]}.
 */
public record EchoServer(SocketIoServer io, SocketIoHttpServer http) implements AutoCloseable {

    /** Starts on {@code host:port} (0 picks a free port). */
    public static EchoServer start(String host, int port) throws InterruptedException {
        SocketIoServer io = new SocketIoServer(SocketIoConfig.defaults());
        io.sockets().on("connection", socket -> {
            socket.emit("welcome", socket.id());
            socket.on("echo", (args, ack) -> {
                if (ack != null) {
                    ack.send(args.toArray());
                }
            });
        });
        return new EchoServer(io, io.listen(host, port));
    }

    @Override
    public void close() {
        io.close();
    }

    public static void main(String[] args) throws InterruptedException {
        EchoServer server = start("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 3002);
        System.out.println("listening on http://127.0.0.1:" + server.http().port());
    }
}
