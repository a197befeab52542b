package io.switchboard.hub;

import io.switchboard.model.HistoryPage;
import io.switchboard.model.Member;
import java.util.List;

/**
 * What a session sees when it joins a room: the history it asked for and who is there.
 * {@code pastEnd} says the resume position was past the room's newest message, so the history is
 * the latest messages instead (see {@link Hub#join}).
 */
public record JoinResult(String room, HistoryPage history, List<Member> members, boolean newlyJoined, boolean pastEnd) {
    public JoinResult(String room, HistoryPage history, List<Member> members, boolean newlyJoined) {
        this(room, history, members, newlyJoined, false);
    }
}
