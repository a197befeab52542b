package io.switchboard.hub;

import io.switchboard.model.HistoryPage;
import io.switchboard.model.Member;
import java.util.List;

/** What a session sees when it joins a room: the history it asked for and who is there. */
public record JoinResult(String room, HistoryPage history, List<Member> members, boolean newlyJoined) {
}
