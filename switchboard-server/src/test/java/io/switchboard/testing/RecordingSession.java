package io.switchboard.testing;

import io.switchboard.hub.Delivery;
import io.switchboard.hub.Session;
import io.switchboard.model.HubEvent;
import io.switchboard.model.SessionId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** A session that runs deliveries inline and records the events it was given. Not thread-safe. */
public final class RecordingSession implements Session {
    private final SessionId id;
    private final Executor executor;
    public final List<HubEvent> events = new ArrayList<>();
    public int flushes;

    public RecordingSession(String id, Executor executor) {
        this.id = new SessionId(id);
        this.executor = executor;
    }

    public RecordingSession(String id) {
        this(id, Runnable::run);
    }

    @Override
    public SessionId id() {
        return id;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public void deliver(Delivery delivery) {
        events.add(delivery.event());
    }

    @Override
    public void flush() {
        flushes++;
    }

    /** Takes the recorded events, leaving none. */
    public List<HubEvent> drain() {
        List<HubEvent> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
