package io.switchboard.history;

/**
 * The durable record of every room's messages, and the source of message ids.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #append} assigns the room's next id: ids are per room, start at 1 and strictly
 *       increase in append order. When the message has a client id that the room already holds, it
 *       stores nothing and returns the earlier message with {@code duplicate = true}.</li>
 *   <li>A message is visible to reads as soon as {@code append} has returned.</li>
 *   <li>Reads return messages oldest first. A room never written to reads as empty; that is not an
 *       error.</li>
 *   <li>Implementations are thread-safe. Callers serialise appends per room (the hub does), so that
 *       id order and publish order agree.</li>
 * </ul>
 */
public interface HistoryStore extends AutoCloseable {

    AppendResult append(NewMessage message);

    /** Messages with id greater than {@code afterId}, the oldest {@code limit} of them. */
    HistoryPage after(String room, long afterId, int limit);

    /** Messages with id less than {@code beforeId}, the newest {@code limit} of them, oldest first. */
    HistoryPage before(String room, long beforeId, int limit);

    /** The newest {@code limit} messages, oldest first; {@code more} says older ones exist. */
    default HistoryPage latest(String room, int limit) {
        return before(room, Long.MAX_VALUE, limit);
    }

    @Override
    void close();
}
