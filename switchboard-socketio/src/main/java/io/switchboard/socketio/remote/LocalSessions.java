package io.switchboard.socketio.remote;

import java.util.concurrent.CompletableFuture;

/**
 * The owning node's side of {@link RemoteSessions}: serves requests and WebSockets that reached
 * another node, exactly as if they had arrived here. Thread-safe; nothing blocks.
 */
public interface LocalSessions {

    /**
     * Answers a polling request of a session of this node (an unknown one gets the Engine.IO "Session
     * ID unknown" error). A held poll completes when the session has packets for it; cancelling the
     * future is the client going away, which ends the session as a dropped poll does.
     */
    CompletableFuture<ForwardedResponse> serve(ForwardedRequest request);

    /**
     * A WebSocket on another node probes session {@code sid} of this node: the session sees it as its
     * own upgrade probe. {@code toClient} carries frames to that WebSocket and closes it (at once when
     * the session is unknown); the returned relay takes the client's frames and its close.
     */
    WebSocketRelay acceptRelay(String sid, WebSocketRelay toClient);
}
