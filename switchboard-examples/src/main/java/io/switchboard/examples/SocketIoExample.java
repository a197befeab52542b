package io.switchboard.examples;

import io.switchboard.socketio.ConnectionStateRecovery;
import io.switchboard.socketio.Namespace;
import io.switchboard.socketio.SocketIoConfig;
import io.switchboard.socketio.SocketIoHttpServer;
import io.switchboard.socketio.SocketIoServer;
import java.util.List;
import java.util.Map;

/**
 * The Socket.IO server API on its own, without the chat: a namespace {@code /rooms} where a client
 * that gave a nickname joins rooms, talks to one room, asks who is in it, and is asked back.
 * README.md shows this code; {@code SocketIoExampleIT} runs it against the official Java client.
 *
 * <p>Run: {@code java -jar switchboard-examples/target/switchboard-examples.jar [port]}
 * (default 3001), then connect any Socket.IO client to {@code http://localhost:3001/rooms}.
 */
public final class SocketIoExample {
    private SocketIoExample() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3001;
        SocketIoServer io = create();
        SocketIoHttpServer http = io.listen("0.0.0.0", port);
        System.out.println("Socket.IO example on http://localhost:" + http.port() + "/rooms");
        Runtime.getRuntime().addShutdownHook(new Thread(io::close));
        Thread.currentThread().join();
    }

    /** The server with its handlers, not yet listening. */
    public static SocketIoServer create() {
        SocketIoServer io =
                new SocketIoServer(SocketIoConfig.defaults().withRecovery(ConnectionStateRecovery.defaults()));
        Namespace rooms = io.of("/rooms");
        rooms.use((socket, next) -> {
            String nick = socket.auth().path("nick").asText("");
            if (nick.isBlank()) {
                next.refuse("a nick is required");
            } else {
                socket.data().put("nick", nick);
                next.proceed();
            }
        });
        rooms.on("connection", socket -> {
            String nick = (String) socket.data().get("nick");
            socket.on("join", (a, ack) -> {
                String room = a.get(0).asText();
                socket.join(room);
                socket.to(room).emit("joined", nick, room);
                if (ack != null) {
                    ack.send(Map.of("room", room, "recovered", socket.recovered()));
                }
            });
            socket.on(
                    "say",
                    (a, ack) -> rooms.to(a.get(0).asText()).except(socket.id()).emit("said", nick, a.get(1)));
            socket.on(
                    "who",
                    (a, ack) -> rooms.in(a.get(0).asText()).fetchSockets().thenAccept(list -> {
                        List<Object> nicks =
                                list.stream().map(s -> s.data().get("nick")).toList();
                        ack.send(nicks);
                    }));
            socket.emitWithAck("ready?", reply -> socket.emit("welcome", nick, reply.get(0)), nick);
        });
        return io;
    }
}
