package io.switchboard.history;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every room's history in memory, up to {@code maxPerRoom} messages per room (the oldest are
 * dropped first). Lost on restart, so every start is a new epoch: for tests and
 * {@code --store memory}.
 *
 * <p>Thread-safe: each room's log is guarded by its own monitor.
 */
public final class InMemoryHistoryStore implements HistoryStore {
    private final int maxPerRoom;
    private final Map<String, RoomLog> rooms = new ConcurrentHashMap<>();
    private final String epoch = UUID.randomUUID().toString();

    public InMemoryHistoryStore(int maxPerRoom) {
        if (maxPerRoom < 1) {
            throw new IllegalArgumentException("maxPerRoom must be positive");
        }
        this.maxPerRoom = maxPerRoom;
    }

    @Override
    public List<AppendResult> appendAll(List<NewMessage> messages) {
        List<AppendResult> results = new ArrayList<>(messages.size());
        for (NewMessage m : messages) {
            results.add(append(m));
        }
        return results;
    }

    /** 20 µs: no sync, only the map and the publishing after it. */
    @Override
    public Optional<Duration> assumedAppendCost() {
        return Optional.of(Duration.ofNanos(20_000));
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public int enforceRetention(Retention policy, long nowMillis) {
        int deleted = 0;
        for (RoomLog log : rooms.values()) {
            synchronized (log) {
                int drop = 0;
                if (policy.maxPerRoom() > 0) {
                    drop = Math.max(0, log.messages.size() - policy.maxPerRoom());
                }
                dropOldest(log, drop);
                if (!policy.maxAge().isZero()) {
                    long oldest = nowMillis - policy.maxAge().toMillis();
                    int before = log.messages.size();
                    log.messages.removeIf(m -> {
                        if (m.timestamp() >= oldest) {
                            return false;
                        }
                        if (m.clientId() != null) {
                            log.byClientId.remove(keyOf(m));
                        }
                        return true;
                    });
                    drop += before - log.messages.size();
                }
                deleted += drop;
            }
        }
        return deleted;
    }

    @Override
    public AppendResult append(NewMessage m) {
        RoomLog log = rooms.computeIfAbsent(m.room(), r -> new RoomLog());
        synchronized (log) {
            NewMessage.ClientKey key = m.clientKey();
            if (key != null) {
                ChatMessage earlier = log.byClientId.get(key);
                if (earlier != null) {
                    return new AppendResult(earlier, true);
                }
            }
            ChatMessage stored = new ChatMessage(
                    ++log.lastId, m.room(), m.from(), m.text(), m.timestamp(), m.clientId(), m.senderId());
            log.messages.add(stored);
            if (key != null) {
                log.byClientId.put(key, stored);
            }
            if (log.messages.size() > maxPerRoom) {
                trim(log);
            }
            return new AppendResult(stored, false);
        }
    }

    private static NewMessage.ClientKey keyOf(ChatMessage m) {
        return new NewMessage(m.room(), m.from(), m.text(), m.timestamp(), m.clientId(), m.senderId()).clientKey();
    }

    /** Drops the oldest tenth at once so trimming is amortised, not one array shift per append. */
    private void trim(RoomLog log) {
        dropOldest(log, Math.max(1, maxPerRoom / 10));
    }

    private static void dropOldest(RoomLog log, int drop) {
        List<ChatMessage> dropped = log.messages.subList(0, drop);
        for (ChatMessage m : dropped) {
            if (m.clientId() != null) {
                log.byClientId.remove(keyOf(m));
            }
        }
        dropped.clear();
    }

    @Override
    public HistoryPage after(String room, long afterId, int limit) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return new HistoryPage(List.of(), false);
        }
        synchronized (log) {
            int from = firstIndexAbove(log.messages, afterId);
            int to = Math.min(log.messages.size(), from + limit);
            return new HistoryPage(List.copyOf(log.messages.subList(from, to)), to < log.messages.size());
        }
    }

    @Override
    public HistoryPage before(String room, long beforeId, int limit) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return new HistoryPage(List.of(), false);
        }
        synchronized (log) {
            int to = firstIndexAbove(log.messages, beforeId - 1);
            int from = Math.max(0, to - limit);
            return new HistoryPage(List.copyOf(log.messages.subList(from, to)), from > 0);
        }
    }

    @Override
    public long lastId(String room) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return 0;
        }
        synchronized (log) {
            return log.lastId;
        }
    }

    /** Index of the first message with id greater than {@code id}; ids are sorted, so binary search. */
    private static int firstIndexAbove(List<ChatMessage> messages, long id) {
        int lo = 0;
        int hi = messages.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (messages.get(mid).id() <= id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public void close() {
        rooms.clear();
    }

    /** One room's messages, ascending by id; guarded by its own monitor. */
    private static final class RoomLog {
        long lastId;
        final ArrayList<ChatMessage> messages = new ArrayList<>();
        final Map<NewMessage.ClientKey, ChatMessage> byClientId = new HashMap<>();
    }
}
