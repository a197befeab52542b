package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.switchboard.auth.AuthException;
import io.switchboard.auth.Identity;
import io.switchboard.chat.NativeChat;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Hub;
import io.switchboard.metrics.Transport;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.NativeCommandDecoder;
import io.switchboard.protocol.nativejson.ProtocolException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The native protocol endpoint ({@code /ws}, docs/protocol.md): JSON commands in, JSON events out.
 * One instance per connection.
 *
 * <p>Event-loop confined.
 */
public final class NativeWebSocketHandler extends ChatEndpointHandler {
    private static final NativeCommandDecoder DECODER = new NativeCommandDecoder();

    private final NativeChat chat;
    private final FrameFormat format;
    /**
     * Replies not written yet because they, or one before them, wait for storage; oldest first; null
     * until the first such reply, since most connections never have one. Loop-confined.
     */
    private ArrayDeque<PendingReply> replies;

    /** {@code format} must encode with {@code chat.events()}; it is shared by all connections. */
    public NativeWebSocketHandler(Hub hub, NativeChat chat, FrameFormat format, WebSocketSettings settings) {
        super(hub, settings);
        this.chat = chat;
        this.format = format;
    }

    /** The shared wire format of native broadcasts. */
    public static FrameFormat format(NativeChat chat) {
        return new FrameFormat(chat.events()::hubEvent);
    }

    @Override
    protected boolean takesClientIds() {
        return true;
    }

    @Override
    protected void opened(ChannelHandlerContext ctx, Member self) {
        Identity identity = identity();
        reply(
                identity == null
                        ? chat.events().welcome(self, hub.epoch())
                        : chat.events()
                                .welcome(
                                        self,
                                        hub.epoch(),
                                        identity.name(),
                                        identity.expiresAt().toEpochMilli(),
                                        auth.authenticator().grace().toMillis()));
    }

    @Override
    protected ByteBuf frameFor(SessionId self, Delivery delivery) {
        return FrameFormat.share(delivery.encoded(format.forDeflate(session.deflate())));
    }

    @Override
    protected Transport transport() {
        return Transport.WEBSOCKET_NATIVE;
    }

    @Override
    protected void textReceived(String text, boolean withinRate) {
        CompletableFuture<byte[]> answer;
        String ref = null;
        try {
            // decoded first, so that a refusal echoes the command's ref like every other error
            ClientCommand command = DECODER.decode(text);
            ref = command.ref();
            if (!withinRate) {
                throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many commands; slow down", ref);
            }
            if (command instanceof ClientCommand.Refresh r && auth != null) {
                answer = CompletableFuture.completedFuture(refreshed(r));
            } else {
                // storage replies complete on this loop, queued there ahead of later broadcasts
                answer = chat.handle(session.id(), identity(), command, session.executor());
            }
        } catch (ProtocolException e) {
            answer = CompletableFuture.completedFuture(chat.events().error(e.code(), e.getMessage(), e.ref()));
        }
        replyInOrder(answer, ref);
    }

    /** The reply to a {@code refresh}: {@code refreshed} with the new expiry, or the token's error. */
    private byte[] refreshed(ClientCommand.Refresh r) {
        try {
            Identity next = refresh(r.token());
            return chat.events().refreshed(next.expiresAt().toEpochMilli(), r.ref());
        } catch (AuthException e) {
            return chat.events().error(e.failure().code(), e.getMessage(), r.ref());
        }
    }

    /**
     * Replies leave in the order their commands came in, whether they were ready at once or had to
     * wait for the storage thread: a reply waits in {@link #replies} behind every earlier one that
     * is not written yet. A storage reply completes in a loop task the storage thread queued
     * before it published anything later, so it lands after the broadcasts published before it
     * (a send's own message before a later leave's {@code left}) and ahead of those after it (the
     * ack before the message). Were it completed on the storage thread, a fast one could already be
     * done here and be written ahead of broadcasts still queued on the loop.
     */
    private void replyInOrder(CompletableFuture<byte[]> answer, String ref) {
        if ((replies == null || replies.isEmpty()) && answer.isDone()) {
            // ready at once, a send refused at the door included: nothing earlier waits, so write it now
            answer.whenComplete((bytes, failure) -> writeAnswer(bytes, failure, ref));
            return;
        }
        if (replies == null) {
            replies = new ArrayDeque<>(4);
        }
        PendingReply pending = new PendingReply(ref);
        replies.add(pending);
        answer.whenComplete((bytes, failure) -> session.runOnLoop(() -> {
            pending.bytes = bytes;
            pending.failure = failure;
            pending.ready = true;
            writeReadyReplies();
        }));
    }

    /** Writes the replies at the head of the queue that are ready, up to the first that is not. */
    private void writeReadyReplies() {
        boolean wrote = false;
        while (!replies.isEmpty() && replies.peek().ready) {
            PendingReply r = replies.poll();
            writeAnswer(r.bytes, r.failure, r.ref);
            wrote = true;
        }
        if (wrote) {
            session.flush();
        }
    }

    private void writeAnswer(byte[] bytes, Throwable failure, String ref) {
        if (failure != null) {
            reply(chat.storageError(failure, ref));
        } else if (bytes != null) {
            reply(bytes);
        }
    }

    private void reply(byte[] json) {
        session.write(session.textFrame(json));
    }

    /** One command's reply, filled in on the loop when its future completes. Loop-confined. */
    private static final class PendingReply {
        final String ref;
        boolean ready;
        byte[] bytes;
        Throwable failure;

        PendingReply(String ref) {
            this.ref = ref;
        }
    }
}
