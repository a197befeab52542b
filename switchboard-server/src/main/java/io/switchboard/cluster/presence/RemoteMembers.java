package io.switchboard.cluster.presence;

import io.switchboard.model.Member;
import java.util.List;

/**
 * The hub's hook for members on other nodes: it adds them to the member lists it gives out (a join's
 * reply, {@code GET /api/rooms/R/members}). {@link #NONE} on a single node. Implementations are
 * thread-safe.
 */
public interface RemoteMembers {
    RemoteMembers NONE = new RemoteMembers() {
        @Override
        public List<Member> read(String room) {
            return List.of();
        }

        @Override
        public List<Member> cached(String room) {
            return List.of();
        }
    };

    /**
     * The members of {@code room} on the other live nodes, read now: for a join's reply, on the
     * hub's storage thread, which may wait for one bounded round trip to Redis.
     */
    List<Member> read(String room);

    /** As {@link #read}, without waiting where a recent copy is at hand (callers on an event loop). */
    List<Member> cached(String room);
}
