package io.switchboard.history;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of every room's messages, and the source of message ids.
 *
 * <p>Contract, for every implementation (one contract test suite runs against each):
 * <ul>
 *   <li>{@link #appendAll} stores a batch atomically and durably before it returns (group commit:
 *       one transaction, one sync, for the whole batch), in list order, and returns one result per
 *       message in the same order.</li>
 *   <li>Ids are per room, start at 1 and strictly increase in append order; an id is never reused,
 *       even after retention deleted the message that had it.</li>
 *   <li>A message whose client id the room already holds stores nothing: its result is the earlier
 *       message with {@code duplicate = true}. This also holds within one batch.</li>
 *   <li>Reads return messages oldest first and see everything appended before them. A room never
 *       written to reads as empty; that is not an error.</li>
 *   <li>{@link #epoch} names this store's contents: it is created with the store and changes only
 *       when the store is replaced or wiped, so a client holding a position from another epoch
 *       knows it cannot resume.</li>
 *   <li>Implementations are thread-safe, but the hub calls them from one storage thread, so they
 *       need not be fast under contention.</li>
 * </ul>
 */
public interface HistoryStore extends AutoCloseable {

    List<AppendResult> appendAll(List<NewMessage> messages);

    default AppendResult append(NewMessage message) {
        return appendAll(List.of(message)).get(0);
    }

    /** Messages with id greater than {@code afterId}, the oldest {@code limit} of them. */
    HistoryPage after(String room, long afterId, int limit);

    /** Messages with id less than {@code beforeId}, the newest {@code limit} of them, oldest first. */
    HistoryPage before(String room, long beforeId, int limit);

    /** The newest {@code limit} messages, oldest first; {@code more} says older ones exist. */
    default HistoryPage latest(String room, int limit) {
        return before(room, Long.MAX_VALUE, limit);
    }

    /**
     * The highest id the room ever gave out (0 for a room never written to), even when retention
     * deleted that message: a position above it is from other contents (another epoch).
     */
    default long lastId(String room) {
        List<ChatMessage> newest = latest(room, 1).messages();
        return newest.isEmpty() ? 0 : newest.get(0).id();
    }

    /** An opaque identifier of this store's contents (see the class comment). */
    String epoch();

    /**
     * Answers once the store can serve requests, else throws (a {@link HistoryStoreException} or any
     * runtime exception): the readiness probe's question. A store with nothing remote to reach answers
     * at once; a database store makes one round trip.
     */
    default void ping() {}

    /**
     * What storing one message is assumed to cost before the hub has timed this store: its share of
     * a full batch's commit and publishing, on a slow or busy machine rather than a fast one. The hub
     * admits as many sends as fit in its wait bound at this cost until its own measurements, which
     * soon outweigh it, take over. Empty (the default): no assumption, and the hub admits one batch
     * of 512 until it has measured one.
     */
    default Optional<Duration> assumedAppendCost() {
        return Optional.empty();
    }

    /** Deletes what the policy no longer keeps; returns how many messages were deleted. */
    int enforceRetention(Retention policy, long nowMillis);

    @Override
    void close();
}
