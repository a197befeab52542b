package io.switchboard.chat;

import io.switchboard.auth.Identity;
import io.switchboard.history.AppendResult;
import io.switchboard.hub.Hub;
import io.switchboard.hub.JoinResult;
import io.switchboard.hub.StorageUnavailableException;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.ProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The chat's commands carried out on the hub, whatever protocol brought them: each answers with a
 * typed {@link Reply} that the protocol then encodes (native events, Socket.IO acks). The rules
 * live here once: who may send, typing and leave, and what a resume from another history epoch
 * gets.
 *
 * <p>Thread-safe and stateless apart from the hub.
 */
public final class ChatCommands {
    /** What a command answers. Immutable. */
    public sealed interface Reply {
        record Renamed(String nick) implements Reply {}

        /**
         * {@code after}: the id the join resumed after, null for a fresh join; {@code reset} says
         * why a resume was turned into a fresh join, or is null.
         */
        record Joined(String room, JoinResult result, Long after, String epoch, String reset) implements Reply {}

        record Left(String room) implements Reply {}

        record Stored(AppendResult result) implements Reply {}

        /** {@code reset} says why an {@code after} position could not be read from, or is null. */
        record Page(String room, HistoryPage page, String reset) implements Reply {}

        /** Typing was passed on; the native protocol answers it with nothing. */
        record Typed(String room) implements Reply {}
    }

    private final Hub hub;

    public ChatCommands(Hub hub) {
        this.hub = hub;
    }

    /**
     * Carries out the command. A command that is wrong for the session's state throws at once, or,
     * for {@code leave}, which is checked on the storage thread, fails the future with the
     * {@link ProtocolException} (see {@link #protocolFailure}); storage failures fail the future.
     */
    public CompletableFuture<Reply> execute(SessionId session, ClientCommand command) throws ProtocolException {
        return execute(session, command, null);
    }

    /**
     * Like {@link #execute(SessionId, ClientCommand)}; with {@code replies} (the session's
     * executor), the storage commands' futures complete there, queued ahead of later broadcasts
     * (see {@link Hub#join(SessionId, String, Long, int, Executor)}).
     */
    public CompletableFuture<Reply> execute(SessionId session, ClientCommand command, Executor replies)
            throws ProtocolException {
        return execute(session, null, command, replies);
    }

    /**
     * Like {@link #execute(SessionId, ClientCommand, Executor)} for a session that proved
     * {@code identity} with a token (null: authentication is off): a join, send, typing or
     * history of a room the token does not grant is refused, and so is {@code nick}, since the
     * token's {@code sub} is who the session's messages are from.
     */
    public CompletableFuture<Reply> execute(
            SessionId session, Identity identity, ClientCommand command, Executor replies) throws ProtocolException {
        if (identity != null) {
            authorize(identity, command);
        }
        if (command instanceof ClientCommand.Refresh c) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "refresh is only for servers with authentication on", c.ref());
        }
        if (command instanceof ClientCommand.SetNick c) {
            Member renamed = hub.rename(session, c.nick());
            return CompletableFuture.completedFuture(new Reply.Renamed(renamed.nick()));
        } else if (command instanceof ClientCommand.Join c) {
            // a position from another epoch points into history that no longer exists: say so and
            // start the client over from the latest messages rather than hand it a silent gap
            boolean foreign =
                    c.after() != null && c.epoch() != null && !c.epoch().equals(hub.epoch());
            String reset = foreign ? foreignEpoch(c.epoch(), c.after()) : null;
            Long after = foreign ? null : c.after();
            return hub.join(session, c.room(), after, c.limit(), replies)
                    .thenApply(joined -> joined.pastEnd()
                            // a position past the newest message is from other contents just the same
                            ? new Reply.Joined(c.room(), joined, null, hub.epoch(), pastEnd(c.after()))
                            : new Reply.Joined(c.room(), joined, after, hub.epoch(), reset));
        } else if (command instanceof ClientCommand.Leave c) {
            // queued behind the session's earlier storage work: a send just before the leave is
            // published while the sender is still a member, and a join just before it has happened
            return hub.leaveInOrder(session, c.room(), replies).thenApply(left -> {
                if (!left) {
                    throw new CompletionException(notInRoom(c.room(), c.ref()));
                }
                return new Reply.Left(c.room());
            });
        } else if (command instanceof ClientCommand.Send c) {
            requireMember(session, c.room(), c.ref());
            return hub.post(session, hub.member(session).nick(), c.room(), c.text(), c.clientId(), replies)
                    .thenApply(Reply.Stored::new);
        } else if (command instanceof ClientCommand.Typing c) {
            requireMember(session, c.room(), c.ref());
            hub.typing(session, c.room(), c.typing());
            return CompletableFuture.completedFuture(new Reply.Typed(c.room()));
        } else if (command instanceof ClientCommand.History c) {
            if (c.after() != null) {
                // as for join: a position from another epoch, or past the room's last id, is a
                // reset with the latest messages, never an empty page that reads as "nothing new"
                if (c.epoch() != null && !c.epoch().equals(hub.epoch())) {
                    return hub.historyBefore(c.room(), Long.MAX_VALUE, c.limit())
                            .thenApply(p -> new Reply.Page(c.room(), p, foreignEpoch(c.epoch(), c.after())));
                }
                return hub.resume(c.room(), c.after(), c.limit())
                        .thenApply(r -> new Reply.Page(c.room(), r.page(), r.pastEnd() ? pastEnd(c.after()) : null));
            }
            CompletableFuture<HistoryPage> page =
                    hub.historyBefore(c.room(), c.before() != null ? c.before() : Long.MAX_VALUE, c.limit());
            return page.thenApply(p -> new Reply.Page(c.room(), p, null));
        }
        throw new IllegalArgumentException("unhandled command " + command);
    }

    /** The {@code reset} reason of a resume after {@code afterId} in an epoch that is gone. */
    private static String foreignEpoch(String epoch, long afterId) {
        return "history epoch " + epoch + " is gone (the store was replaced or wiped); " + "cannot resume after id "
                + afterId + ", sending the latest messages";
    }

    /** The {@code reset} reason of a resume after {@code afterId} when the room has no such message. */
    public static String pastEnd(long afterId) {
        return "no message " + afterId + " in this history epoch (the store was replaced or wiped); "
                + "cannot resume after it, sending the latest messages";
    }

    /** The protocol error a command's future failed with, or null when the failure is a storage one. */
    public static ProtocolException protocolFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException e) {
                return e;
            }
        }
        return null;
    }

    /**
     * The message of the error answered when a command's storage work failed with {@code failure}:
     * a busy store's refusal says so, anything else is a failure to store or read.
     */
    public static String storageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageUnavailableException e && e.isBusy()) {
                return e.getMessage();
            }
        }
        return "could not store or read history; try again";
    }

    private static void authorize(Identity identity, ClientCommand command) throws ProtocolException {
        if (command instanceof ClientCommand.SetNick c) {
            throw new ProtocolException(
                    ErrorCode.NICK_FIXED, "your name comes from your token (" + identity.subject() + ")", c.ref());
        }
        String room = command instanceof ClientCommand.Join c
                ? c.room()
                : command instanceof ClientCommand.Send c
                        ? c.room()
                        : command instanceof ClientCommand.Typing c
                                ? c.room()
                                : command instanceof ClientCommand.History c ? c.room() : null;
        if (room != null && !identity.mayUse(room)) {
            throw new ProtocolException(
                    ErrorCode.ROOM_FORBIDDEN, "your token does not grant the room " + room, command.ref());
        }
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
