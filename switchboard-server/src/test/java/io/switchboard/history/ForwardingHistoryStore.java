package io.switchboard.history;

import io.switchboard.model.HistoryPage;
import java.util.List;

/**
 * A store that hands every call to another one: tests extend it and override the one call they make
 * slow, fail or wait, and get the delegate's behaviour for the rest. It makes no assumption about
 * its cost ({@link HistoryStore#assumedAppendCost}): a store made slow is not as fast as its delegate.
 */
public class ForwardingHistoryStore implements HistoryStore {
    protected final HistoryStore delegate;

    public ForwardingHistoryStore(HistoryStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<AppendResult> appendAll(List<NewMessage> messages) {
        return delegate.appendAll(messages);
    }

    @Override
    public HistoryPage after(String room, long afterId, int limit) {
        return delegate.after(room, afterId, limit);
    }

    @Override
    public HistoryPage before(String room, long beforeId, int limit) {
        return delegate.before(room, beforeId, limit);
    }

    @Override
    public long lastId(String room) {
        return delegate.lastId(room);
    }

    @Override
    public String epoch() {
        return delegate.epoch();
    }

    @Override
    public int enforceRetention(Retention policy, long nowMillis) {
        return delegate.enforceRetention(policy, nowMillis);
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
