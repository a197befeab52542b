package io.switchboard.hub;

import io.switchboard.history.HistoryStore;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.HubEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every room's messages in id order before this node delivers them, whichever node stored
 * them: per room, the id of the last message the room's local members were given (the cursor).
 * A message at or below it is a duplicate (filled from the store already, or seen twice) and is
 * dropped; the next id is delivered; a higher one reveals a gap (a pub/sub message lost or still
 * on its way from another node), which is read from the store and delivered first. The store's ids
 * are contiguous per room and a message is committed before anyone can publish a higher id (the
 * append holds the room's row lock), so the store always holds what a gap is missing, bar what
 * retention deleted.
 *
 * <p>A room's cursor exists while the room has local members: it starts at the store's last id
 * when the room gains its first member here, and is forgotten once the room has none.
 *
 * <p>Storage-thread confined: every method runs on the hub's storage thread, the thread that
 * stores this node's messages and answers joins, so a join sees a cursor no delivery moves under
 * it, and local and remote messages are sequenced by one thread.
 */
final class RoomOrder {
    private static final Logger log = LoggerFactory.getLogger(RoomOrder.class);
    /** Messages read from the store per query while filling a gap. */
    static final int FILL_PAGE = 500;

    private final HistoryStore store;
    private final Consumer<HubEvent.MessagePosted> deliver;
    private final Predicate<String> hasLocalMembers;
    private final Runnable filledOne;
    /** Room → id of the last message delivered to its local members. */
    private final Map<String, Long> cursors = new HashMap<>();

    /**
     * {@code deliver} hands a message to the room's local members; {@code hasLocalMembers} says
     * whether the room has any; {@code filledOne} counts a message read from the store for a gap.
     */
    RoomOrder(
            HistoryStore store,
            Consumer<HubEvent.MessagePosted> deliver,
            Predicate<String> hasLocalMembers,
            Runnable filledOne) {
        this.store = store;
        this.deliver = deliver;
        this.hasLocalMembers = hasLocalMembers;
        this.filledOne = filledOne;
    }

    /** A stored message, this node's or another's: delivered in id order, at most once. */
    void offer(HubEvent.MessagePosted event) {
        String room = event.room();
        long id = event.message().id();
        Long last = cursors.get(room);
        if (!hasLocalMembers.test(room)) {
            cursors.remove(room);
            return;
        }
        if (last == null) {
            // a member joins on this thread and sets the cursor first; reached only if that failed
            cursors.put(room, id);
            deliver.accept(event);
            return;
        }
        if (id <= last) {
            return;
        }
        if (id > last + 1 && !fill(room, last, id - 1)) {
            // the store could not say what came between: hold this message back (it is stored) rather
            // than deliver past a gap; the next message or broker check fills from the cursor
            return;
        }
        cursors.put(room, id);
        deliver.accept(event);
    }

    /**
     * A session is about to join {@code room} ({@code first}: the room has no member here yet),
     * resuming after {@code afterId} (or null). Returns the cursor: what the joining session's
     * history may hold; it gets every later message live. A resume position beyond the cursor (the
     * client saw on another node what has not reached this one) first catches the room up, so none
     * of what the client holds comes again live.
     */
    long joining(String room, boolean first, Long afterId) {
        Long last = cursors.get(room);
        if (first || last == null) {
            long newest = store.lastId(room);
            cursors.put(room, newest);
            return newest;
        }
        if (afterId != null && afterId > last) {
            check(room);
        }
        return cursors.get(room);
    }

    /**
     * The broker may have lost some of the room's messages (it reconnected or resubscribed):
     * delivers whatever the store holds past the cursor.
     */
    void check(String room) {
        Long last = cursors.get(room);
        if (last == null) {
            return;
        }
        if (!hasLocalMembers.test(room)) {
            cursors.remove(room);
            return;
        }
        long newest = store.lastId(room);
        if (newest > last) {
            fill(room, last, newest);
        }
    }

    /** The rooms with a cursor (for the broker's reconnect check, and tests). */
    List<String> rooms() {
        return List.copyOf(cursors.keySet());
    }

    /** The room's cursor, or null (tests). */
    Long cursor(String room) {
        return cursors.get(room);
    }

    /**
     * Delivers the stored messages with ids in ({@code after}, {@code upTo}], oldest first, a page at
     * a time, moving the room's cursor with each. Every one of them, however many: a node cut off
     * for long may flood its clients, whose outbound bound then closes the slow ones (they resume
     * from the history, told), but it never skips a message silently. Returns false when the store
     * failed; the cursor then stays at the last message delivered, so nothing after the gap goes out
     * before the gap is filled.
     */
    private boolean fill(String room, long after, long upTo) {
        long position = after;
        try {
            pages:
            while (position < upTo) {
                HistoryPage page = store.after(room, position, (int) Math.min(FILL_PAGE, upTo - position));
                if (page.messages().isEmpty()) {
                    break; // the rest was deleted by retention
                }
                for (ChatMessage m : page.messages()) {
                    if (m.id() > upTo) {
                        break pages; // retention removed the rest of the range
                    }
                    deliver.accept(new HubEvent.MessagePosted(m, null));
                    filledOne.run();
                    position = m.id();
                    cursors.put(room, position);
                }
            }
            cursors.put(room, upTo);
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "room {}: could not read messages {} to {} from the store ({}); holding later ones back",
                    room,
                    position + 1,
                    upTo,
                    e.toString());
            return false;
        }
    }
}
