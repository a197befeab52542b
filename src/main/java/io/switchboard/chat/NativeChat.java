package io.switchboard.chat;

import io.switchboard.hub.Hub;
import io.switchboard.hub.Member;
import io.switchboard.hub.SessionId;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.NativeEventEncoder;
import io.switchboard.protocol.nativejson.ProtocolException;
import java.util.concurrent.CompletableFuture;

/**
 * The chat commands of the native protocol on top of the hub: each command becomes hub calls and
 * at most one reply event for the caller. Transport-agnostic: any transport that carries native
 * commands uses it.
 *
 * <p>Thread-safe and stateless. Replies of storage commands complete on the hub's storage thread;
 * see {@link Hub} for how a transport keeps them in order with broadcasts.
 */
public final class NativeChat {
    private static final CompletableFuture<byte[]> NO_REPLY = CompletableFuture.completedFuture(null);

    private final Hub hub;
    private final NativeEventEncoder events = new NativeEventEncoder();

    public NativeChat(Hub hub) {
        this.hub = hub;
    }

    public NativeEventEncoder events() {
        return events;
    }

    /**
     * Carries out the command; the future holds the reply for the caller (null for none). A
     * command that is wrong for the session's state throws at once.
     */
    public CompletableFuture<byte[]> handle(SessionId session, ClientCommand command) throws ProtocolException {
        if (command instanceof ClientCommand.SetNick c) {
            Member renamed = hub.rename(session, c.nick());
            return CompletableFuture.completedFuture(events.nick(renamed.nick(), c.ref()));
        } else if (command instanceof ClientCommand.Join c) {
            // a position from another epoch points into history that no longer exists: say so and
            // start the client over from the latest messages rather than hand it a silent gap
            boolean foreign = c.after() != null && c.epoch() != null && !c.epoch().equals(hub.epoch());
            String reset = foreign ? "history epoch " + c.epoch() + " is gone (the store was replaced or wiped); "
                    + "cannot resume after id " + c.after() + ", sending the latest messages" : null;
            return hub.join(session, c.room(), foreign ? null : c.after(), c.limit())
                    .thenApply(joined -> events.joined(c.room(), joined.history(), joined.members(), hub.epoch(),
                            reset, c.ref()));
        } else if (command instanceof ClientCommand.Leave c) {
            if (!hub.leave(session, c.room())) {
                throw notInRoom(c.room(), c.ref());
            }
            return CompletableFuture.completedFuture(events.left(c.room(), c.ref()));
        } else if (command instanceof ClientCommand.Send c) {
            requireMember(session, c.room(), c.ref());
            return hub.post(session, hub.member(session).nick(), c.room(), c.text(), c.clientId())
                    .thenApply(stored -> events.ack(stored.message(), stored.duplicate(), c.ref()));
        } else if (command instanceof ClientCommand.Typing c) {
            requireMember(session, c.room(), c.ref());
            hub.typing(session, c.room(), c.typing());
            return NO_REPLY;
        } else if (command instanceof ClientCommand.History c) {
            var page = c.after() != null
                    ? hub.historyAfter(c.room(), c.after(), c.limit())
                    : hub.historyBefore(c.room(), c.before() != null ? c.before() : Long.MAX_VALUE, c.limit());
            return page.thenApply(p -> events.history(c.room(), p, c.ref()));
        }
        throw new IllegalArgumentException("unhandled command " + command);
    }

    /** The error event for a command whose storage work failed. */
    public byte[] storageError(Throwable failure, String ref) {
        return events.error(ErrorCode.UNAVAILABLE, "could not store or read history; try again", ref);
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
