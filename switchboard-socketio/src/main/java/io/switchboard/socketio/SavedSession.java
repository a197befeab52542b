package io.switchboard.socketio;

import java.util.Map;
import java.util.Set;

/**
 * A socket's state kept for connection state recovery. Immutable apart from {@code data}, the
 * socket's own concurrent map, which the recovered socket takes over.
 *
 * @param positions   where each stream started for the socket; the client's offset overrides them
 * @param log         the namespace packet log that the {@code *} position counts in ({@link
 *                    Namespace#logId()}); another node's (or an earlier process's) log cannot
 *                    replay its packets here, so a session restored elsewhere starts at this
 *                    node's log head
 * @param keptAtNanos when the socket dropped or was last saved ({@link System#nanoTime()} of the
 *                    node that holds it)
 */
public record SavedSession(
        String pid,
        String sid,
        String namespace,
        Set<String> rooms,
        Map<String, Object> data,
        Map<String, Long> positions,
        String log,
        long keptAtNanos) {}
