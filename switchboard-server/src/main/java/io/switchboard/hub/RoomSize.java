package io.switchboard.hub;

import java.util.Comparator;

/** A room on this node and how many sessions receive its events (listeners included). */
public record RoomSize(String room, int sessions) {
    /** Largest first, then by name so equal sizes keep a stable order. */
    public static final Comparator<RoomSize> LARGEST_FIRST =
            Comparator.comparingInt(RoomSize::sessions).reversed().thenComparing(RoomSize::room);
}
