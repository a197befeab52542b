package io.switchboard.hub;

import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.metrics.Transport;
import io.switchboard.model.HubEvent;
import io.switchboard.model.SessionId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable description of who receives an event on this node: the members of some rooms, less
 * some sessions. Each call returns a new operator, so a partly built broadcast can be shared.
 *
 * <pre>{@code hub.to("lobby").except(sender).deliver(event);}</pre>
 *
 * <p>Thread-safe.
 */
public final class Broadcast {
    private final Hub hub;
    private final Set<String> rooms;
    private final Set<SessionId> except;

    Broadcast(Hub hub, Set<String> rooms, Set<SessionId> except) {
        this.hub = hub;
        this.rooms = rooms;
        this.except = except;
    }

    public Broadcast to(String room) {
        return new Broadcast(hub, plus(rooms, room), except);
    }

    public Broadcast except(SessionId session) {
        return session == null ? this : new Broadcast(hub, rooms, plus(except, session));
    }

    /**
     * Hands the event to every recipient's executor: one task per event loop, in which each
     * recipient gets the event written and flushed. Never blocks.
     */
    public void deliver(HubEvent event) {
        RecipientGroups recipients =
                rooms.size() == 1 ? hub.recipients(rooms.iterator().next()) : union();
        List<RecipientGroups.Group> groups = recipients.groups();
        if (groups.isEmpty()) {
            return;
        }
        Delivery delivery = new Delivery(event, groups.size());
        for (RecipientGroups.Group group : groups) {
            group.executor().execute(() -> deliverGroup(group.chunks(), delivery));
        }
    }

    private void deliverGroup(Session[][] chunks, Delivery delivery) {
        try {
            SwitchboardMetrics metrics = hub.metrics();
            // most broadcasts leave nobody out (the seed chat echoes to the sender): no hash of every
            // recipient's id then
            boolean everyone = except.isEmpty();
            // one pass: each recipient is written and flushed while its channel is in cache; a
            // second pass for the flushes touched all N channels again (issue #12)
            for (Session[] sessions : chunks) {
                for (Session s : sessions) {
                    if (everyone || !except.contains(s.id())) {
                        s.deliver(delivery);
                        s.flush();
                        Transport t = s.transport();
                        if (t != null) {
                            metrics.delivered(t);
                        }
                    }
                }
            }
        } finally {
            delivery.groupDone();
        }
    }

    /** Recipients of several rooms, each session once. */
    private RecipientGroups union() {
        Map<SessionId, Session> sessions = new LinkedHashMap<>();
        for (String room : rooms) {
            for (RecipientGroups.Group g : hub.recipients(room).groups()) {
                for (Session[] chunk : g.chunks()) {
                    for (Session s : chunk) {
                        sessions.putIfAbsent(s.id(), s);
                    }
                }
            }
        }
        return RecipientGroups.of(sessions.values());
    }

    private static <T> Set<T> plus(Set<T> set, T value) {
        if (set.contains(value)) {
            return set;
        }
        LinkedHashSet<T> copy = new LinkedHashSet<>(set);
        copy.add(value);
        return Set.copyOf(copy);
    }
}
