package io.switchboard.model;

/**
 * What the hub fans out to the members of one room. Events are immutable and carry no wire format:
 * each transport encodes them itself (once per broadcast, see the hub's {@code Delivery}).
 */
public sealed interface HubEvent {

    /** The room whose members receive the event. */
    String room();

    /** The session that caused the event, or null when it came from no session (an HTTP post). */
    SessionId origin();

    /** Whether the origin session receives the event too. */
    default boolean echoToOrigin() {
        return false;
    }

    /** A message was stored; every member, the sender included, receives it. */
    record MessagePosted(ChatMessage message, SessionId origin) implements HubEvent {
        @Override
        public String room() {
            return message.room();
        }

        @Override
        public boolean echoToOrigin() {
            return true;
        }
    }

    /**
     * A member joined, left or renamed itself. {@code origin} is the session that caused it, which
     * differs from the member's id when the member is a client known by its client id.
     */
    record PresenceChanged(String room, PresenceKind kind, Member member, SessionId origin) implements HubEvent {
        public PresenceChanged(String room, PresenceKind kind, Member member) {
            this(room, kind, member, member.sessionId());
        }
    }

    /** A member started or stopped typing; {@code origin} as in {@link PresenceChanged}. */
    record TypingChanged(String room, Member member, boolean typing, SessionId origin) implements HubEvent {
        public TypingChanged(String room, Member member, boolean typing) {
            this(room, member, typing, member.sessionId());
        }
    }

    enum PresenceKind {
        JOIN("join"),
        LEAVE("leave"),
        RENAME("rename");

        private final String wireName;

        PresenceKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
