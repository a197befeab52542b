package io.switchboard.chat;

import io.switchboard.auth.Identity;
import io.switchboard.hub.Hub;
import io.switchboard.model.SessionId;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.NativeEventEncoder;
import io.switchboard.protocol.nativejson.ProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The chat commands of the native protocol on top of the hub: each command becomes hub calls and
 * at most one reply event for the caller. Transport-agnostic: any transport that carries native
 * commands uses it.
 *
 * <p>Thread-safe and stateless. Replies of storage commands complete on the hub's storage thread;
 * see {@link Hub} for how a transport keeps them in order with broadcasts.
 */
public final class NativeChat {
    private final Hub hub;
    private final ChatCommands commands;
    private final NativeEventEncoder events = new NativeEventEncoder();

    public NativeChat(Hub hub) {
        this.hub = hub;
        this.commands = new ChatCommands(hub);
    }

    public NativeEventEncoder events() {
        return events;
    }

    /**
     * Carries out the command; the future holds the reply for the caller (null for none). A
     * command that is wrong for the session's state throws at once.
     */
    public CompletableFuture<byte[]> handle(SessionId session, ClientCommand command) throws ProtocolException {
        return handle(session, command, null);
    }

    /**
     * Like {@link #handle(SessionId, ClientCommand)}; with {@code replies} (the session's
     * executor) a storage command's reply completes there, queued ahead of later broadcasts.
     */
    public CompletableFuture<byte[]> handle(SessionId session, ClientCommand command, Executor replies)
            throws ProtocolException {
        return handle(session, null, command, replies);
    }

    /** Like {@link #handle(SessionId, ClientCommand, Executor)}, for a session that proved {@code identity}. */
    public CompletableFuture<byte[]> handle(
            SessionId session, Identity identity, ClientCommand command, Executor replies) throws ProtocolException {
        String ref = command.ref();
        return commands.execute(session, identity, command, replies).thenApply(reply -> encode(reply, ref));
    }

    private byte[] encode(ChatCommands.Reply reply, String ref) {
        if (reply instanceof ChatCommands.Reply.Renamed r) {
            return events.nick(r.nick(), ref);
        } else if (reply instanceof ChatCommands.Reply.Joined j) {
            return events.joined(j.room(), j.result().history(), j.result().members(), j.epoch(), j.reset(), ref);
        } else if (reply instanceof ChatCommands.Reply.Left l) {
            return events.left(l.room(), ref);
        } else if (reply instanceof ChatCommands.Reply.Stored s) {
            return events.ack(s.result().message(), s.result().duplicate(), ref);
        } else if (reply instanceof ChatCommands.Reply.Page p) {
            return events.history(p.room(), p.page(), hub.epoch(), p.reset(), ref);
        }
        return null;
    }

    /** The error event for a command whose future failed: its protocol error, or a storage failure. */
    public byte[] storageError(Throwable failure, String ref) {
        ProtocolException rejected = ChatCommands.protocolFailure(failure);
        if (rejected != null) {
            return events.error(rejected.code(), rejected.getMessage(), rejected.ref());
        }
        return events.error(ErrorCode.UNAVAILABLE, ChatCommands.storageFailure(failure), ref);
    }
}
