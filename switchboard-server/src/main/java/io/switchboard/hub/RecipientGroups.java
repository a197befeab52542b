package io.switchboard.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * An immutable snapshot of recipients grouped by the executor that owns them, so that a broadcast
 * hands each event loop one task rather than one task per connection.
 */
record RecipientGroups(List<Group> groups) {
    static final RecipientGroups EMPTY = new RecipientGroups(List.of());

    record Group(Executor executor, Session[] sessions) {}

    /** How many sessions in all. */
    int size() {
        int n = 0;
        for (Group g : groups) {
            n += g.sessions().length;
        }
        return n;
    }

    static RecipientGroups of(Collection<Session> sessions) {
        if (sessions.isEmpty()) {
            return EMPTY;
        }
        Map<Executor, List<Session>> byExecutor = new IdentityHashMap<>();
        for (Session s : sessions) {
            byExecutor.computeIfAbsent(s.executor(), e -> new ArrayList<>()).add(s);
        }
        List<Group> groups = new ArrayList<>(byExecutor.size());
        byExecutor.forEach((executor, list) -> groups.add(new Group(executor, list.toArray(Session[]::new))));
        return new RecipientGroups(List.copyOf(groups));
    }
}
