package io.switchboard.socketio.remote;

import java.util.concurrent.CompletableFuture;

/**
 * What an Engine.IO server does with a session id it does not hold: whether another node holds it,
 * and how to reach that node. Set on a server with {@code EngineIoServer.remoteSessions(…)}; the
 * server then names its new sessions with {@link #sessionIdPrefix()} so that any node can tell the
 * owner from the id alone, without a lookup.
 *
 * <p>Implementations must be thread-safe and must not block: every method is called on an event
 * loop of the server.
 */
public interface RemoteSessions {

    /** Called once, when set on a server: the side that serves what other nodes forward here. */
    void start(LocalSessions local);

    /** Put before the random part of every new session id of this node (URL-safe, no {@code .} at its end). */
    String sessionIdPrefix();

    /** Whether {@code sid} names a session of another node (from the id alone: no I/O). */
    boolean isRemote(String sid);

    /**
     * Carries a polling request (GET or POST) of session {@code sid} to its owner. Completes with the
     * owner's answer, or with null when no live node holds the session (the caller answers "Session ID
     * unknown"). The caller cancels the future when its client goes away before the answer; the
     * owner should then drop its side of the request.
     */
    CompletableFuture<ForwardedResponse> forward(String sid, ForwardedRequest request);

    /**
     * A WebSocket whose handshake completed here probes session {@code sid} of another node: opens a
     * relay to the owner. {@code toClient} writes to the local WebSocket; the returned relay carries
     * the client's frames (and its close) to the owner. When the owner has no such session it closes
     * {@code toClient}.
     */
    WebSocketRelay relay(String sid, WebSocketRelay toClient);
}
