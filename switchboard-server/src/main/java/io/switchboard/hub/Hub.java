package io.switchboard.hub;

import io.switchboard.cluster.Broker;
import io.switchboard.cluster.presence.RemoteMembers;
import io.switchboard.history.AppendResult;
import io.switchboard.history.HistoryStore;
import io.switchboard.history.NewMessage;
import io.switchboard.history.Retention;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.metrics.Transport;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

/**
 * Sessions, rooms and presence of one node, independent of any wire format.
 *
 * <p>Every room keeps a two-way index: the room knows its members and each session knows its
 * rooms; changes to one room's members happen under that room's lock stripe.
 *
 * <p>Storage work runs on one storage thread ({@link StorageSequencer}), never on an event loop.
 * Appends, joins and history reads are queued there in order, and each message is published only
 * after it is stored, from that thread, so for every room the store's id order, the publish order
 * and the order members see events all agree. A join adds the member and reads its history in one
 * storage task: the messages stored before it are in the history, the ones after it arrive live, so
 * nothing is missed or repeated between the two.
 *
 * <p>A member with a client id whose last session in a room closes stays in the room for the handover
 * grace ({@link #disconnected}): the page that switches transport or reloads comes back as the same
 * member before anyone sees it leave. The grace ends on the {@link Scheduler}'s thread.
 *
 * <p>Thread-safe. The futures returned here complete on the storage thread, before any later
 * storage task publishes; a transport that hands the result to the session's executor from there
 * (or writes it at once when already on that executor) therefore delivers it ahead of every event
 * published after it: the ack before the message, the join's history before the first live event.
 */
public final class Hub {
    private static final int STRIPES = 64;
    private static final int STORAGE_QUEUE = 65_536;

    /** How long an accepted message may wait for the store, by default ({@code --max-storage-wait-ms}). */
    public static final Duration DEFAULT_MAX_STORAGE_WAIT = Duration.ofMillis(500);

    private final StorageSequencer storage;
    private final HubStats stats = new HubStats();
    private final String epoch;
    private final Broker broker;
    private final Clock clock;
    private final Scheduler scheduler;
    /** How long a closed client-id member stays for its client to come back; zero: it leaves at once. */
    private final Duration handoverGrace;

    private final SwitchboardMetrics metrics;
    private final Object[] stripes = new Object[STRIPES];
    private final Map<SessionId, Entry> sessions = new ConcurrentHashMap<>();
    /** Rooms with at least one member on this node; written under the room's stripe. */
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** Every room's messages in id order, local and remote alike; storage thread only. */
    private final RoomOrder order;
    /** Members on other nodes of a cluster, added to the member lists this hub gives out. */
    private volatile RemoteMembers remoteMembers = RemoteMembers.NONE;

    /** A hub without a handover grace: a closed session's member leaves at once. */
    public Hub(HistoryStore history, Broker broker, Clock clock) {
        this(history, broker, clock, SwitchboardMetrics.detached());
    }

    /** A hub that records its events (stored messages, deliveries, resumes, storage timings) in {@code metrics}. */
    public Hub(HistoryStore history, Broker broker, Clock clock, SwitchboardMetrics metrics) {
        this(history, broker, clock, metrics, (delay, task) -> () -> {}, Duration.ZERO);
    }

    /** A hub without metrics whose client-id members stay {@code handoverGrace} after their connection closed. */
    public Hub(HistoryStore history, Broker broker, Clock clock, Scheduler scheduler, Duration handoverGrace) {
        this(history, broker, clock, SwitchboardMetrics.detached(), scheduler, handoverGrace);
    }

    /**
     * A hub that records its events in {@code metrics}, and whose client-id members stay {@code
     * handoverGrace} after their connection closed (a grace of zero: they leave at once).
     */
    public Hub(
            HistoryStore history,
            Broker broker,
            Clock clock,
            SwitchboardMetrics metrics,
            Scheduler scheduler,
            Duration handoverGrace) {
        this(history, broker, clock, metrics, scheduler, handoverGrace, DEFAULT_MAX_STORAGE_WAIT);
    }

    /**
     * Like {@link #Hub(HistoryStore, Broker, Clock, SwitchboardMetrics, Scheduler, Duration)}; a
     * message the store would not reach within {@code maxStorageWait} (by its measured speed) is
     * refused at once ({@link StorageUnavailableException#isBusy()}), so that accepted messages are
     * answered within about that bound however many more are offered.
     */
    public Hub(
            HistoryStore history,
            Broker broker,
            Clock clock,
            SwitchboardMetrics metrics,
            Scheduler scheduler,
            Duration handoverGrace,
            Duration maxStorageWait) {
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.handoverGrace = handoverGrace;
        this.storage = new StorageSequencer(history, STORAGE_QUEUE, maxStorageWait, metrics, stats, System::nanoTime);
        this.epoch = history.epoch();
        this.broker = broker;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        this.order = new RoomOrder(history, e -> to(e.room()).deliver(e), rooms::containsKey, metrics::gapFilled);
        broker.subscribe(this::fanOut);
        broker.onPossibleGap(this::checkRoom);
    }

    /**
     * Adds the members of other nodes ({@code remote}) to every member list this hub gives out: a
     * join's reply reads them then ({@link RemoteMembers#read}, on the storage thread), {@link
     * #members} takes the recent copy. Set once, before the first join.
     */
    public void remoteMembers(RemoteMembers remote) {
        this.remoteMembers = remote;
    }

    /**
     * Delivers {@code event} to this node's members of its room and publishes nothing: for what this
     * node learns of other nodes by other means than the broker (the leaves of a dead node's members).
     */
    public void deliverLocally(HubEvent event) {
        fanOut(event);
    }

    /** Starts a broadcast to the members of {@code room} on this node. */
    public Broadcast to(String room) {
        return new Broadcast(this, Set.of(room), Set.of());
    }

    public Member register(Session session, String nick) {
        return register(session, nick, null);
    }

    /**
     * Registers a session of the client that named itself {@code clientId} (or null): all sessions
     * of one client id are one member, shown with the id {@link MemberIds#of} derives from it.
     */
    public Member register(Session session, String nick, String clientId) {
        Entry entry = new Entry(session, nick, clientId == null ? session.id() : MemberIds.of(clientId));
        if (sessions.putIfAbsent(session.id(), entry) != null) {
            throw new IllegalStateException("session registered twice: " + session.id());
        }
        return entry.member();
    }

    /** Removes the session from every room (members see it leave at once) and forgets it. */
    public void unregister(SessionId id) {
        depart(id, false);
    }

    /**
     * The session's connection closed: like {@link #unregister}, but where it was the last session of
     * a member with a client id in a room, the member stays listed there, with no leave published,
     * for the handover grace. A page that switches transport closes the old one before the new one
     * joins, and a reload does the same; a session of the same client id that joins within the grace
     * takes the member over silently (issue #9: others saw a leave and a join). Otherwise the leave is
     * published when the grace ends. Members without a client id leave at once, as do sessions that
     * send {@code leave}.
     */
    public void disconnected(SessionId id) {
        depart(id, !handoverGrace.isZero());
    }

    private void depart(SessionId id, boolean graceful) {
        Entry entry = sessions.get(id);
        if (entry == null) {
            return;
        }
        entry.closed = true;
        for (String room : entry.rooms()) {
            if (!graceful || !hold(entry, room)) {
                leave(id, room);
            }
        }
        sessions.remove(id);
    }

    /**
     * Keeps the closed session's member in the room for the grace; false when that does not apply
     * (no client id, a listener, or another session of the client is still here), and the session
     * leaves as usual.
     */
    private boolean hold(Entry entry, String room) {
        SessionId id = entry.session.id();
        if (entry.memberId.equals(id)) {
            return false;
        }
        synchronized (stripe(room)) {
            Room r = rooms.get(room);
            if (r == null
                    || !r.members.containsKey(id)
                    || r.listeners.contains(id)
                    || !r.otherVisibleSessions(entry).isEmpty()) {
                return false;
            }
            Scheduler.Cancellable timer;
            try {
                timer = scheduler.schedule(handoverGrace, () -> endGrace(entry, room));
            } catch (RejectedExecutionException e) {
                return false; // shutting down: nobody is coming back
            }
            r.held.put(id, timer);
            entry.removeRoom(room);
            r.recipients = r.recipients.without(entry.session);
            return true;
        }
    }

    /** On the scheduler's thread: nobody took the held member over in time, so it leaves now. */
    private void endGrace(Entry entry, String room) {
        synchronized (stripe(room)) {
            Room r = rooms.get(room);
            if (r != null && r.held.remove(entry.session.id()) != null) {
                release(room, r, entry);
            }
        }
    }

    /** Under the room's stripe: drops a held member whose grace is over and publishes its leave. */
    private void release(String room, Room r, Entry entry) {
        r.members.remove(entry.session.id());
        if (r.members.isEmpty()) {
            rooms.remove(room);
            broker.interest(room, false);
        }
        // a held member was taken out of the recipients when its grace began
        r.recipients = r.recipients.without(entry.session);
        if (r.otherVisibleSessions(entry).isEmpty()) {
            broker.publish(new HubEvent.PresenceChanged(
                    room, HubEvent.PresenceKind.LEAVE, entry.member(), entry.session.id()));
        }
    }

    public Member member(SessionId id) {
        return entry(id).member();
    }

    /** Changes the nickname; the members of each of the session's rooms see a rename. */
    public Member rename(SessionId id, String nick) {
        Entry entry = entry(id);
        entry.nick = nick;
        Member member = entry.member();
        for (String room : entry.rooms()) {
            Room r = rooms.get(room);
            if (r != null && !r.listeners.contains(id)) {
                broker.publish(new HubEvent.PresenceChanged(room, HubEvent.PresenceKind.RENAME, member, id));
            }
        }
        return member;
    }

    /**
     * Adds the session to the room and reads its history in one storage task: the messages after
     * {@code afterId} (a resume), or the latest {@code limit} when {@code afterId} is null. A resume
     * past the room's newest message reads the latest {@code limit} and says so
     * ({@link JoinResult#pastEnd}).
     */
    public CompletableFuture<JoinResult> join(SessionId id, String room, Long afterId, int limit) {
        return join(id, room, afterId, limit, null);
    }

    /**
     * Like {@link #join(SessionId, String, Long, int)}; with {@code replies} (the session's
     * executor), the future completes there, by a task queued from the storage thread ahead of
     * later broadcasts, so a transport can write its reply at once in the completion without racing
     * them, however quickly the storage thread was done.
     */
    public CompletableFuture<JoinResult> join(SessionId id, String room, Long afterId, int limit, Executor replies) {
        Entry entry = entry(id);
        // a command that follows at once (a send) counts the session as a member: the storage
        // thread carries the join out before that command's storage work
        entry.joinQueued(room);
        return storage.call(
                () -> {
                    try {
                        return joinNow(entry, room, afterId, limit, true);
                    } finally {
                        entry.joinDone(room);
                    }
                },
                replies);
    }

    /**
     * Like {@link #join}, but the session only listens: it receives the room's events without
     * being a member others see (no presence events, not in member lists). For HTTP readers that
     * gave no nickname.
     */
    public CompletableFuture<JoinResult> listen(SessionId id, String room, Long afterId, int limit) {
        Entry entry = entry(id);
        return storage.call(() -> joinNow(entry, room, afterId, limit, false));
    }

    /**
     * On the storage thread. A session whose member is already in the room (the same client on
     * another transport) takes the member over: no join is published, only a rename when the
     * nickname differs, and the member's other sessions are told they are superseded.
     */
    private JoinResult joinNow(Entry entry, String room, Long afterId, int limit, boolean visible) {
        SessionId id = entry.session.id();
        List<Member> members;
        boolean added;
        List<Entry> others = List.of();
        List<Entry> live = List.of();
        // the same session id back within its grace (a recovered Socket.IO socket): it takes its
        // held member over, as another session of its client would
        Entry heldSelf = null;
        // before the member is added: a catch-up delivers to the members already here, not to it
        long cursor = order.joining(room, !rooms.containsKey(room), afterId);
        synchronized (stripe(room)) {
            Room r = rooms.get(room);
            if (r == null) {
                r = new Room();
                rooms.put(room, r);
                broker.interest(room, true);
            }
            Scheduler.Cancellable selfGrace = r.held.remove(id);
            if (selfGrace != null) {
                selfGrace.cancel();
                heldSelf = r.members.remove(id);
            }
            added = r.members.putIfAbsent(id, entry) == null;
            if (added) {
                entry.addRoom(room);
                if (!visible) {
                    r.listeners.add(id);
                } else {
                    others = r.otherVisibleSessions(entry);
                    live = r.takeOverHeld(others);
                }
                // held sessions (its own, others taken over) were recipients no more; this one is new
                r.recipients = r.recipients.without(entry.session).with(entry.session);
            }
            members = r.visibleMembers();
        }
        for (Entry other : live) {
            other.session.supersededIn(room);
        }
        if (added && entry.closed) {
            // unregistered while this join was queued; its leave may have missed this room
            leave(id, room);
            added = false;
        }
        Resumed read = afterId == null
                ? new Resumed(historyStore().latest(room, limit), false)
                : resumeNow(room, afterId, limit);
        read = new Resumed(upTo(read.page(), cursor), read.pastEnd());
        boolean renamed = others.stream().anyMatch(o -> !o.nick.equals(entry.nick))
                || (heldSelf != null && !heldSelf.nick.equals(entry.nick));
        if (added && visible && others.isEmpty() && heldSelf == null) {
            broker.publish(new HubEvent.PresenceChanged(room, HubEvent.PresenceKind.JOIN, entry.member(), id));
        } else if (added && visible && renamed) {
            broker.publish(new HubEvent.PresenceChanged(room, HubEvent.PresenceKind.RENAME, entry.member(), id));
        }
        members = withRemote(members, remoteMembers.read(room));
        return new JoinResult(room, read.page(), List.copyOf(members), added, read.pastEnd());
    }

    /**
     * On the storage thread. Ids only grow and are never reused, so a position past the highest id
     * the room gave out can only come from other contents (e.g. a memory store before a restart);
     * the ids it is waiting for will be given to other messages.
     */
    private Resumed resumeNow(String room, long afterId, int limit) {
        HistoryPage page = historyStore().after(room, afterId, limit);
        if (!page.messages().isEmpty()
                || afterId == 0
                || afterId <= historyStore().lastId(room)) {
            if (afterId != 0) {
                metrics.resumed(false);
            }
            return new Resumed(page, false);
        }
        metrics.resumed(true);
        return new Resumed(historyStore().latest(room, limit), true);
    }

    /** Returns false when the session was not in the room. */
    public boolean leave(SessionId id, String room) {
        Entry entry = sessions.get(id);
        if (entry == null) {
            return false;
        }
        synchronized (stripe(room)) {
            Room r = rooms.get(room);
            Entry removed = r == null ? null : r.members.remove(id);
            if (removed == null) {
                return false;
            }
            boolean visible = !r.listeners.remove(id);
            entry.removeRoom(room);
            if (r.members.isEmpty()) {
                rooms.remove(room);
                broker.interest(room, false);
            }
            r.recipients = r.recipients.without(removed.session);
            // the member stays while another session of its client is still in the room
            if (visible && r.otherVisibleSessions(entry).isEmpty()) {
                broker.publish(new HubEvent.PresenceChanged(room, HubEvent.PresenceKind.LEAVE, entry.member(), id));
            }
            return true;
        }
    }

    /**
     * Like {@link #leave}, but as a storage task: it runs after the storage work queued before it,
     * so a message the session posted just before leaving is stored and published while the
     * session is still a member (it gets its own message), and the future completes on the storage
     * thread ahead of anything published later (see the class comment). Holds false when the
     * session was not in the room by then. {@code replies} as for {@link #join}, or null.
     */
    public CompletableFuture<Boolean> leaveInOrder(SessionId id, String room, Executor replies) {
        return storage.call(() -> leave(id, room), replies);
    }

    /**
     * The room's members others can see (listeners excluded): this node's in join order, then those
     * of other nodes of a cluster (see {@link #remoteMembers(RemoteMembers)}).
     */
    public List<Member> members(String room) {
        return withRemote(localMembers(room), remoteMembers.cached(room));
    }

    /** The members of another node that are not also members here (the same client on two nodes). */
    private static List<Member> withRemote(List<Member> local, List<Member> remote) {
        if (remote.isEmpty()) {
            return local;
        }
        Map<SessionId, Member> byId = new LinkedHashMap<>();
        local.forEach(m -> byId.put(m.sessionId(), m));
        remote.forEach(m -> byId.putIfAbsent(m.sessionId(), m));
        return new ArrayList<>(byId.values());
    }

    /** The room's members others can see on this node only (listeners excluded), in join order. */
    public List<Member> localMembers(String room) {
        synchronized (stripe(room)) {
            Room r = rooms.get(room);
            return r == null ? List.of() : r.visibleMembers();
        }
    }

    public boolean isMember(SessionId id, String room) {
        Entry entry = sessions.get(id);
        // pending joins first: a join's room is added before its pending count is dropped, so a
        // join that finishes between the two reads is still seen (the other order missed it)
        return entry != null && (entry.joining(room) || entry.rooms().contains(room));
    }

    /**
     * Stores a message from a session and, once it is stored, publishes it; its sender is the
     * session's member id (see {@link #post(SessionId, String, String, String, String, String)}).
     * {@code origin} may be null for a sender without a session, which is then a sender of its own.
     */
    public CompletableFuture<AppendResult> post(
            SessionId origin, String from, String room, String text, String clientId) {
        return post(origin, from, room, text, clientId, (Executor) null);
    }

    /**
     * Like {@link #post(SessionId, String, String, String, String)}, completing on {@code replies} as {@link #join}
     * does.
     */
    public CompletableFuture<AppendResult> post(
            SessionId origin, String from, String room, String text, String clientId, Executor replies) {
        Entry entry = origin == null ? null : sessions.get(origin);
        String senderId = entry == null ? null : entry.memberId.value();
        return post(origin, senderId, from, room, text, clientId, replies);
    }

    /** {@link #post(SessionId, String, String, String, String, String, Executor)} completing on the storage thread. */
    public CompletableFuture<AppendResult> post(
            SessionId origin, String senderId, String from, String room, String text, String clientId) {
        return post(origin, senderId, from, room, text, clientId, null);
    }

    /**
     * Stores a message and, once it is stored, publishes it. {@code origin} is the sending session,
     * or null for a sender without one; {@code senderId} is who sent it (a member id, carried on the
     * message so pages recognise their own) and scopes {@code clientId}; {@code from} is the
     * nickname shown. A client id the same sender used before in the room stores and publishes
     * nothing and returns the earlier message. The future fails with a
     * {@link StorageUnavailableException} when the message could not be stored: at once, with
     * nothing stored or published, when the store is too busy to reach it in time. The future
     * completes on {@code replies} when it is not null (see {@link #join}); a refusal is already
     * complete when this returns.
     */
    public CompletableFuture<AppendResult> post(
            SessionId origin,
            String senderId,
            String from,
            String room,
            String text,
            String clientId,
            Executor replies) {
        Entry sender = origin == null ? null : sessions.get(origin);
        Transport via = sender == null ? null : sender.session.transport();
        metrics.messageReceived(via == null ? Transport.HTTP : via);
        return storage.append(
                new NewMessage(room, from, text, clock.millis(), clientId, senderId),
                result -> {
                    if (!result.duplicate()) {
                        metrics.messagesStored(1);
                        broker.publish(new HubEvent.MessagePosted(result.message(), origin));
                    }
                },
                replies);
    }

    public void typing(SessionId id, String room, boolean typing) {
        broker.publish(new HubEvent.TypingChanged(room, entry(id).member(), typing, id));
    }

    public CompletableFuture<HistoryPage> historyAfter(String room, long afterId, int limit) {
        return storage.call(() -> historyStore().after(room, afterId, limit));
    }

    /** Like {@link #historyAfter}, but a position past the end reads the latest {@code limit}. */
    public CompletableFuture<Resumed> resume(String room, long afterId, int limit) {
        return storage.call(() -> resumeNow(room, afterId, limit));
    }

    public CompletableFuture<HistoryPage> historyBefore(String room, long beforeId, int limit) {
        return storage.call(() -> historyStore().before(room, beforeId, limit));
    }

    /**
     * Completes on the storage thread once the storage work queued before it is done, and with it
     * the publishing of every message stored so far (for a shutdown's drain).
     */
    public CompletableFuture<Void> storageBarrier() {
        return storage.call(() -> null);
    }

    /**
     * Pings the store ({@link HistoryStore#ping}) on the storage thread, after the storage work queued
     * before it: the answer says both that the store answers and that the queue moves.
     */
    public CompletableFuture<Void> pingStore() {
        return storage.call(() -> {
            historyStore().ping();
            return null;
        });
    }

    /** Queues a retention pass on the storage thread; the future holds how many messages it deleted. */
    public CompletableFuture<Integer> enforceRetention(Retention policy) {
        return storage.call(() -> historyStore().enforceRetention(policy, clock.millis()));
    }

    /** The store's epoch: positions (message ids) are only meaningful within one epoch. */
    public String epoch() {
        return epoch;
    }

    /**
     * Ends every handover grace at once, publishing the leaves: for a shutdown, once the clients are
     * closed (nobody is coming back to this node) and while deliveries can still run, so that a
     * shutdown does not wait for the graces and peers in a cluster see the members go. A session
     * that closes later is held as usual.
     */
    public void endGraces() {
        for (String room : List.copyOf(rooms.keySet())) {
            synchronized (stripe(room)) {
                Room r = rooms.get(room);
                if (r != null) {
                    for (Entry held : r.releaseHeld()) {
                        release(room, r, held);
                    }
                }
            }
        }
    }

    /**
     * Finishes the queued storage work and stops the storage thread; the store stays open. Graces
     * still running end with their scheduler (see {@link #endGraces}).
     */
    public void close() {
        storage.close();
    }

    private HistoryStore historyStore() {
        return storage.store();
    }

    /** Totals for the per-minute summary log line. */
    public HubStats stats() {
        return stats;
    }

    public int sessionCount() {
        return sessions.size();
    }

    public int roomCount() {
        return rooms.size();
    }

    public SwitchboardMetrics metrics() {
        return metrics;
    }

    /** Tasks waiting for the storage thread (appends, reads); any thread. */
    public int storageQueueDepth() {
        return storage.queueDepth();
    }

    /**
     * The {@code limit} rooms with the most receiving sessions on this node (listeners included),
     * largest first. Reads each room's recipient snapshot without a lock: a figure for people, not a
     * membership test.
     */
    public List<RoomSize> largestRooms(int limit) {
        List<RoomSize> all = new ArrayList<>(rooms.size());
        rooms.forEach((name, r) -> all.add(new RoomSize(name, r.recipients.size())));
        all.sort(RoomSize.LARGEST_FIRST);
        return all.size() <= limit ? all : List.copyOf(all.subList(0, limit));
    }

    /**
     * Hands each room's member count (listeners included) to {@code sizes}: for the room-size histogram at
     * scrape. Reads the rooms' recipient snapshots without locks; any thread.
     */
    public void forEachRoomSize(IntConsumer sizes) {
        for (Room r : rooms.values()) {
            sizes.accept(r.recipients.size());
        }
    }

    /**
     * The history a joining session gets ends at the room's cursor: newer messages, stored by another
     * node and not yet delivered here, reach it live, in order with the rest of the room.
     */
    private static HistoryPage upTo(HistoryPage page, long cursor) {
        List<ChatMessage> messages = page.messages();
        int n = messages.size();
        while (n > 0 && messages.get(n - 1).id() > cursor) {
            n--;
        }
        return n == messages.size() ? page : new HistoryPage(List.copyOf(messages.subList(0, n)), page.more());
    }

    /**
     * The broker's subscriber: every event, local or remote, reaches local members here. Messages go
     * through the room's order on the storage thread (this node's own are published there already;
     * another node's are queued there, off the broker's I/O thread); presence and typing carry no id
     * and are delivered at once.
     */
    private void fanOut(HubEvent event) {
        if (event instanceof HubEvent.MessagePosted posted) {
            if (storage.onStorageThread()) {
                order.offer(posted);
            } else {
                storage.call(() -> {
                    order.offer(posted);
                    return null;
                });
            }
            return;
        }
        Broadcast b = to(event.room());
        (event.echoToOrigin() ? b : b.except(event.origin())).deliver(event);
    }

    /**
     * The broker may have lost some of the room's messages: on the storage thread, delivers what the
     * store holds past what the room's members were given. A full queue skips the check; the room's
     * next message reveals the gap anyway.
     */
    private void checkRoom(String room) {
        storage.call(() -> {
            order.check(room);
            return null;
        });
    }

    RecipientGroups recipients(String room) {
        Room r = rooms.get(room);
        return r == null ? RecipientGroups.EMPTY : r.recipients;
    }

    private Entry entry(SessionId id) {
        Entry entry = sessions.get(id);
        if (entry == null) {
            throw new IllegalStateException("unknown session " + id);
        }
        return entry;
    }

    private Object stripe(String room) {
        return stripes[(room.hashCode() & 0x7fffffff) % STRIPES];
    }

    /** A registered session: its transport handle, nickname and rooms. */
    private static final class Entry {
        final Session session;
        /** The id others see: the session's own, or the one derived from its client id. */
        final SessionId memberId;
        /** Written by rename on the session's own thread, read by any thread building presence. */
        volatile String nick;
        /** Set once by unregister, before it leaves the session's rooms; read by queued joins. */
        volatile boolean closed;
        /**
         * The session's side of the two-way index: an immutable set, replaced under this entry's
         * monitor (changes come under the stripes of different rooms) and read without a lock. Most
         * sessions are in one or two rooms, which {@code Set.of} holds in one small object; a
         * concurrent set cost about 150 bytes per idle connection (issue #12).
         */
        private volatile Set<String> rooms = Set.of();
        /**
         * Rooms with a join queued on the storage thread, and how many; added on the caller's
         * thread, removed on the storage thread. Null while there is none, which is nearly always.
         * Guarded by this entry.
         */
        private Map<String, Integer> pendingJoins;

        Entry(Session session, String nick, SessionId memberId) {
            this.session = session;
            this.nick = nick;
            this.memberId = memberId;
        }

        /** A snapshot of the session's rooms; immutable. */
        Set<String> rooms() {
            return rooms;
        }

        synchronized void addRoom(String room) {
            Set<String> now = rooms;
            if (now.contains(room)) {
                return;
            }
            if (now.isEmpty()) {
                rooms = Set.of(room);
            } else {
                Set<String> next = new HashSet<>(now);
                next.add(room);
                rooms = Set.copyOf(next);
            }
        }

        synchronized void removeRoom(String room) {
            Set<String> now = rooms;
            if (!now.contains(room)) {
                return;
            }
            Set<String> next = new HashSet<>(now);
            next.remove(room);
            rooms = Set.copyOf(next);
        }

        synchronized void joinQueued(String room) {
            if (pendingJoins == null) {
                pendingJoins = new HashMap<>(4);
            }
            pendingJoins.merge(room, 1, Integer::sum);
        }

        synchronized void joinDone(String room) {
            if (pendingJoins != null) {
                pendingJoins.computeIfPresent(room, (k, n) -> n == 1 ? null : n - 1);
                if (pendingJoins.isEmpty()) {
                    pendingJoins = null;
                }
            }
        }

        synchronized boolean joining(String room) {
            return pendingJoins != null && pendingJoins.containsKey(room);
        }

        /** The last {@link #member()}, reused while the nick is unchanged (every join lists every member). */
        private volatile Member member;

        Member member() {
            Member m = member;
            String current = nick;
            if (m == null || !m.nick().equals(current)) {
                m = new Member(memberId, current);
                member = m;
            }
            return m;
        }
    }

    /** A room's side of the index. Members are guarded by the room's stripe; recipients are a snapshot. */
    private static final class Room {
        /** Everyone who receives the room's events, listeners included. */
        final Map<SessionId, Entry> members = new LinkedHashMap<>();
        /** Members that only listen: not in member lists, no presence events; read by rename unlocked. */
        final Set<SessionId> listeners = ConcurrentHashMap.newKeySet();
        /**
         * Closed sessions, still in {@link #members}, whose member stays for the handover grace, with
         * the grace's timer; they receive nothing.
         */
        final Map<SessionId, Scheduler.Cancellable> held = new HashMap<>();
        /**
         * The members that receive the room's events (every member but the held ones): a new snapshot,
         * sharing most of the old one, on every change under the stripe; read without a lock by broadcasts.
         */
        volatile RecipientGroups recipients = RecipientGroups.EMPTY;

        /**
         * One per member, in the order members came, each with the nickname of its newest session.
         * Called on every join, so it builds one list and nothing per member but a map entry for the
         * members that have a client id (only they can have several sessions).
         */
        List<Member> visibleMembers() {
            List<Member> list = new ArrayList<>(Math.max(0, members.size() - listeners.size()));
            Map<SessionId, Integer> clientMembers = null;
            for (Entry e : members.values()) {
                if (listeners.contains(e.session.id())) {
                    continue;
                }
                if (!e.memberId.equals(e.session.id())) {
                    if (clientMembers == null) {
                        clientMembers = new HashMap<>();
                    }
                    Integer at = clientMembers.putIfAbsent(e.memberId, list.size());
                    if (at != null) {
                        list.set(at, e.member());
                        continue;
                    }
                }
                list.add(e.member());
            }
            return Collections.unmodifiableList(list);
        }

        /** The visible sessions here of the same member as {@code entry}, other than it. */
        List<Entry> otherVisibleSessions(Entry entry) {
            List<Entry> list = List.of();
            if (entry.memberId.equals(entry.session.id())) {
                return list; // no client id: the member is this session alone, and big rooms skip the scan
            }
            for (Entry e : members.values()) {
                if (e != entry && e.memberId.equals(entry.memberId) && !listeners.contains(e.session.id())) {
                    if (list.isEmpty()) {
                        list = new ArrayList<>(2);
                    }
                    list.add(e);
                }
            }
            return list;
        }

        /**
         * A session joined as the member of {@code others}: the held ones among them are taken over
         * (their grace ends without a leave); returns the others that are still open.
         */
        List<Entry> takeOverHeld(List<Entry> others) {
            if (held.isEmpty()) {
                return others;
            }
            List<Entry> live = new ArrayList<>(others.size());
            for (Entry other : others) {
                Scheduler.Cancellable timer = held.remove(other.session.id());
                if (timer == null) {
                    live.add(other);
                } else {
                    timer.cancel();
                    members.remove(other.session.id());
                }
            }
            return live;
        }

        /** Cancels every grace here and returns the held sessions, still in {@link #members}. */
        List<Entry> releaseHeld() {
            List<Entry> list = new ArrayList<>();
            for (Map.Entry<SessionId, Scheduler.Cancellable> h : held.entrySet()) {
                h.getValue().cancel();
                list.add(members.get(h.getKey()));
            }
            held.clear();
            return list;
        }
    }
}
