package io.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.auth.AuthException;
import io.switchboard.auth.AuthFailure;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.ExpiryTimer;
import io.switchboard.auth.Identity;
import io.switchboard.protocol.json.JsonOut;
import io.switchboard.protocol.json.WireShapes;
import io.switchboard.socketio.Ack;
import io.switchboard.socketio.Middleware;
import io.switchboard.socketio.SocketIoSocket;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketType;
import java.time.Clock;
import java.util.List;

/**
 * Token authentication for the chat's Socket.IO sockets: a middleware that verifies the CONNECT
 * packet's {@code auth.token} (refused with CONNECT_ERROR {@code {"message":"unauthorized",
 * "data":{"code","message"}}}), the {@code refresh} event that takes a new token with an ack, and
 * the expiry timer that, {@code --auth-grace} after the token's {@code exp}, sends a
 * {@code token_expired} event and disconnects the socket (reason {@code io server disconnect}, so
 * the client does not reconnect by itself with the same token).
 *
 * <p>Thread-safe: the middleware and the handlers run on the socket's loop; the identity lives in
 * the socket's {@link SocketIoSocket#data()} (a concurrent map), so it survives a recovery.
 */
final class SocketIoAuth {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String IDENTITY = "switchboard.identity";

    private final Authenticator authenticator;

    SocketIoAuth(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    long grace() {
        return authenticator.grace().toMillis();
    }

    boolean enabled() {
        return authenticator.enabled();
    }

    /** The middleware: the socket joins only with a valid {@code auth.token}, for the same user on a recovery. */
    Middleware middleware() {
        return (socket, next) -> {
            JsonNode token = socket.auth().get("token");
            try {
                Identity identity = authenticator.verify(token != null && token.isTextual() ? token.textValue() : null);
                Identity before = identity(socket);
                if (before != null && !before.subject().equals(identity.subject())) {
                    throw new AuthException(AuthFailure.SUBJECT_CHANGED);
                }
                socket.data().put(IDENTITY, identity);
                next.proceed();
            } catch (AuthException e) {
                next.refuse("unauthorized", error(e));
            }
        };
    }

    /** The socket's verified identity, or null with authentication off. */
    static Identity identity(SocketIoSocket socket) {
        return socket.data().get(IDENTITY) instanceof Identity i ? i : null;
    }

    /**
     * Starts the socket's expiry timer and takes {@code refresh} events; on the socket's loop, once
     * it has joined. A recovered socket whose token ran out meanwhile got a new one from the
     * middleware, which checked it.
     */
    void guard(SocketIoSocket socket) {
        Identity identity = identity(socket);
        ExpiryTimer timer = new ExpiryTimer(socket.executor(), authenticator.grace(), Clock.systemUTC(), () -> {
            socket.sendEncoded(tokenExpired());
            socket.disconnect(false);
        });
        socket.onDisconnect(reason -> timer.cancel());
        timer.arm(identity.expiresAt());
        socket.on("refresh", (args, ack) -> refresh(socket, timer, args, ack));
    }

    private void refresh(SocketIoSocket socket, ExpiryTimer timer, List<JsonNode> args, Ack ack) {
        ObjectNode answer;
        try {
            JsonNode arg = args.isEmpty() ? null : args.get(0);
            JsonNode token = arg == null ? null : arg.isTextual() ? arg : arg.get("token");
            Identity next = authenticator.verify(token != null && token.isTextual() ? token.textValue() : null);
            if (!next.subject().equals(identity(socket).subject())) {
                throw new AuthException(AuthFailure.SUBJECT_CHANGED);
            }
            socket.data().put(IDENTITY, next);
            timer.arm(next.expiresAt());
            answer = NODES.objectNode().put("expiresAt", next.expiresAt().toEpochMilli());
        } catch (AuthException e) {
            answer = JsonOut.object(g -> WireShapes.error(g, e.failure().code(), e.getMessage()));
        }
        if (ack != null) {
            ack.send(answer);
        }
    }

    /** The CONNECT_ERROR's {@code data}: the stable code, and what it means. */
    private static ObjectNode error(AuthException e) {
        return NODES.objectNode().put("code", e.failure().code()).put("message", e.getMessage());
    }

    /** {@code token_expired} {code, message}: sent just before the server disconnects the socket. */
    private static EncodedSocketPacket tokenExpired() {
        ArrayNode data = NODES.arrayNode().add("token_expired");
        data.addObject()
                .put("code", AuthFailure.EXPIRED.code())
                .put("message", "the token expired and no refresh came within the grace");
        return SocketPacketEncoder.encode(SocketPacket.of(SocketPacketType.EVENT, "/", SocketPacket.NO_ACK, data));
    }
}
