package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Hub;
import io.switchboard.metrics.Transport;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import io.switchboard.protocol.nativejson.Limits;
import io.switchboard.protocol.seed.SeedEncoder;
import java.time.Clock;

/**
 * The tutorial chat at {@code /}: every text frame is a message to the room {@code lobby}, and
 * every lobby message comes back as {@code {"text": "me: T" | "other: T", "timestamp": ms}}. The
 * "other" frame is built once per broadcast and shared; only the sender's "me" frame is its own.
 *
 * <p>Event-loop confined; one instance per connection.
 */
public final class SeedWebSocketHandler extends ChatEndpointHandler {
    public static final String ROOM = "lobby";
    private static final SeedEncoder ENCODER = new SeedEncoder();
    /** What every recipient but the sender gets; shared by all seed connections. */
    public static final FrameFormat OTHERS_FORMAT =
            new FrameFormat(e -> e instanceof HubEvent.MessagePosted p ? ENCODER.message(p.message(), false) : null);

    private final Clock clock;

    public SeedWebSocketHandler(Hub hub, WebSocketSettings settings, Clock clock) {
        super(hub, settings);
        this.clock = clock;
    }

    @Override
    protected void opened(ChannelHandlerContext ctx, Member self) {
        session.write(session.textFrame(ENCODER.welcome(clock.millis())));
        hub.join(self.sessionId(), ROOM, null, 0);
    }

    @Override
    protected ByteBuf frameFor(SessionId self, Delivery d) {
        if (d.event() instanceof HubEvent.MessagePosted p && self.equals(p.origin())) {
            return session.textFrame(ENCODER.message(p.message(), true));
        }
        return FrameFormat.share(d.encoded(OTHERS_FORMAT.forDeflate(session.deflate())));
    }

    @Override
    protected Transport transport() {
        return Transport.WEBSOCKET_TUTORIAL;
    }

    @Override
    protected void textReceived(String text, boolean withinRate) {
        if (!withinRate) {
            notice("error: too many messages; slow down");
        } else if (!Limits.isValidText(text)) {
            notice("error: a message is 1-" + Limits.MAX_TEXT_CODE_POINTS + " characters and not blank");
        } else {
            hub.post(session.id(), hub.member(session.id()).nick(), ROOM, text, null)
                    .exceptionally(failure -> {
                        session.runOnLoop(() -> {
                            notice("error: the message could not be stored; try again");
                            session.flush();
                        });
                        return null;
                    });
        }
    }

    private void notice(String text) {
        session.write(session.textFrame(ENCODER.notice(text, clock.millis())));
    }
}
