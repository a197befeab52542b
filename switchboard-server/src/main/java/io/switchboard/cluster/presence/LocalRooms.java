package io.switchboard.cluster.presence;

import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import java.util.List;

/** What presence needs of this node's hub: its own members of a room, and local delivery of an event. */
public interface LocalRooms {

    /** The visible members of {@code room} on this node only. Any thread. */
    List<Member> localMembers(String room);

    /** Delivers {@code event} to this node's members of its room only (not published to other nodes). */
    void deliverLocally(HubEvent event);
}
