package io.switchboard.socketio;

import java.util.Map;
import java.util.Set;

/**
 * A dropped socket kept for connection state recovery. Immutable apart from {@code data}, the
 * socket's own concurrent map, which the recovered socket takes over.
 *
 * @param positions   where each stream started for the socket; the client's offset overrides them
 * @param keptAtNanos when the socket dropped ({@link System#nanoTime()})
 */
public record SavedSession(
        String pid,
        String sid,
        String namespace,
        Set<String> rooms,
        Map<String, Object> data,
        Map<String, Long> positions,
        long keptAtNanos) {}
