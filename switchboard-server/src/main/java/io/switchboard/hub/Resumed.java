package io.switchboard.hub;

import io.switchboard.model.HistoryPage;

/**
 * A history read from a position: the messages after it, or, when the position lies past the
 * room's newest message ({@code pastEnd}), the latest messages. A position past the end belongs to
 * other contents (a store that was wiped or replaced), so the client has to start over rather than
 * wait for ids it already counted. Immutable.
 */
public record Resumed(HistoryPage page, boolean pastEnd) {}
