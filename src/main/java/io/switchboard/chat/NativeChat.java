package io.switchboard.chat;

import io.switchboard.history.AppendResult;
import io.switchboard.history.HistoryPage;
import io.switchboard.hub.Hub;
import io.switchboard.hub.JoinResult;
import io.switchboard.hub.Member;
import io.switchboard.hub.SessionId;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.NativeEventEncoder;
import io.switchboard.protocol.nativejson.ProtocolException;

/**
 * The chat commands of the native protocol on top of the hub: each command becomes hub calls and
 * one reply event for the caller. Transport-agnostic: any transport that carries native commands
 * uses it.
 *
 * <p>Thread-safe and stateless; call it on the session's own thread so that the reply to a
 * {@code join} is written before any live event of that room (see {@link Hub}).
 */
public final class NativeChat {
    private final Hub hub;
    private final NativeEventEncoder events = new NativeEventEncoder();

    public NativeChat(Hub hub) {
        this.hub = hub;
    }

    public NativeEventEncoder events() {
        return events;
    }

    /** Carries out the command and returns the reply for the caller. */
    public byte[] handle(SessionId session, ClientCommand command) throws ProtocolException {
        if (command instanceof ClientCommand.SetNick c) {
            Member renamed = hub.rename(session, c.nick());
            return events.nick(renamed.nick(), c.ref());
        } else if (command instanceof ClientCommand.Join c) {
            JoinResult joined = hub.join(session, c.room(), c.after(), c.limit());
            return events.joined(c.room(), joined.history(), joined.members(), c.ref());
        } else if (command instanceof ClientCommand.Leave c) {
            if (!hub.leave(session, c.room())) {
                throw notInRoom(c.room(), c.ref());
            }
            return events.left(c.room(), c.ref());
        } else if (command instanceof ClientCommand.Send c) {
            requireMember(session, c.room(), c.ref());
            AppendResult stored = hub.post(session, hub.member(session).nick(), c.room(), c.text(), c.clientId());
            return events.ack(stored.message(), stored.duplicate(), c.ref());
        } else if (command instanceof ClientCommand.Typing c) {
            requireMember(session, c.room(), c.ref());
            hub.typing(session, c.room(), c.typing());
            return null;
        } else if (command instanceof ClientCommand.History c) {
            HistoryPage page = c.after() != null
                    ? hub.historyAfter(c.room(), c.after(), c.limit())
                    : hub.historyBefore(c.room(), c.before() != null ? c.before() : Long.MAX_VALUE, c.limit());
            return events.history(c.room(), page, c.ref());
        }
        throw new IllegalArgumentException("unhandled command " + command);
    }

    private void requireMember(SessionId session, String room, String ref) throws ProtocolException {
        if (!hub.isMember(session, room)) {
            throw notInRoom(room, ref);
        }
    }

    private static ProtocolException notInRoom(String room, String ref) {
        return new ProtocolException(ErrorCode.NOT_IN_ROOM, "join room " + room + " first", ref);
    }
}
