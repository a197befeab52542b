package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.switchboard.chat.NativeChat;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Member;
import io.switchboard.hub.SessionId;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.NativeCommandDecoder;
import io.switchboard.protocol.nativejson.ProtocolException;
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
    /** Completes when the reply to the latest command has been handed to the loop. Loop-confined. */
    private CompletableFuture<Void> lastReply = CompletableFuture.completedFuture(null);

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
        reply(chat.events().welcome(self, hub.epoch()));
    }

    @Override
    protected ByteBuf frameFor(SessionId self, Delivery delivery) {
        return FrameFormat.share(delivery.encoded(format));
    }

    @Override
    protected void textReceived(String text, boolean withinRate) {
        CompletableFuture<byte[]> answer;
        String ref = null;
        try {
            if (!withinRate) {
                throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many commands; slow down", null);
            }
            ClientCommand command = DECODER.decode(text);
            ref = command.ref();
            answer = chat.handle(session.id(), command);
        } catch (ProtocolException e) {
            answer = CompletableFuture.completedFuture(chat.events().error(e.code(), e.getMessage(), e.ref()));
        }
        replyInOrder(answer, ref);
    }

    /**
     * Replies leave in the order their commands came in, whether they were ready at once or had to
     * wait for the storage thread. A storage reply is handed to the loop from the storage thread
     * before that thread publishes anything later, so it still precedes the broadcasts after it.
     */
    private void replyInOrder(CompletableFuture<byte[]> answer, String ref) {
        if (lastReply.isDone() && answer.isDone()) {
            writeAnswer(answer.getNow(null), null, ref);
            return;
        }
        lastReply = lastReply.thenCompose(ignored -> answer)
                .handle((bytes, failure) -> {
                    session.runOnLoop(() -> {
                        writeAnswer(bytes, failure, ref);
                        session.flush();
                    });
                    return null;
                });
    }

    private void writeAnswer(byte[] bytes, Throwable failure, String ref) {
        if (failure != null) {
            reply(chat.storageError(failure, ref));
        } else if (bytes != null) {
            reply(bytes);
        }
    }

    private void reply(byte[] json) {
        session.write(WebSocketFrames.text(session.channelAllocator(), json));
    }
}
