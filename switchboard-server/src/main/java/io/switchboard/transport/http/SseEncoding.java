package io.switchboard.transport.http;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import io.switchboard.protocol.nativejson.NativeEventEncoder;
import io.switchboard.protocol.sse.SseFields;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events: messages as default-type events with {@code id: <epoch>:<message id>}, so that
 * {@code EventSource.onmessage} gets them and a reconnect resumes from Last-Event-ID in the epoch it
 * was in (a browser sends the id back as it got it); presence and typing as named events without an
 * id, so the resume position only advances on messages. A void position is answered with a named
 * {@code reset} event, which keeps the last id (the client drops its view anyway).
 *
 * <p>Thread-safe and stateless.
 */
final class SseEncoding extends StreamEncoding {
    /** What a disconnected EventSource waits before reconnecting; the browser default is ~3 s. */
    static final long RETRY_MILLIS = 2000;

    private final NativeEventEncoder events;
    /** The store's epoch, the prefix of every id; one per server, so a shared encoding fits every stream. */
    private final String epoch;

    SseEncoding(NativeEventEncoder events, String epoch) {
        this.events = events;
        this.epoch = epoch;
    }

    @Override
    String contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    byte[] preamble() {
        return SseFields.retry(RETRY_MILLIS);
    }

    /** A shutdown's hint: reconnect once the server is likely back, not at the usual pace. */
    @Override
    byte[] farewell() {
        return SseFields.retry(HttpDrain.SSE_RETRY_MILLIS);
    }

    @Override
    byte[] heartbeat() {
        return SseFields.HEARTBEAT;
    }

    @Override
    byte[] message(ChatMessage message) {
        return SseFields.event(
                null, epoch + ":" + message.id(), new String(ApiJson.message(message), StandardCharsets.UTF_8));
    }

    @Override
    byte[] reset(ResumeReset reset, String epoch) {
        return SseFields.event("reset", null, new String(ApiJson.reset(reset, epoch), StandardCharsets.UTF_8));
    }

    /** A named {@code auth} event: no id, so the resume position does not move. */
    @Override
    byte[] auth(byte[] json) {
        return SseFields.event("auth", null, new String(json, StandardCharsets.UTF_8));
    }

    /** A named {@code token_expired} event, then the stream ends. */
    @Override
    byte[] tokenExpired(byte[] json) {
        return SseFields.event("token_expired", null, new String(json, StandardCharsets.UTF_8));
    }

    @Override
    byte[] event(HubEvent event) {
        if (event instanceof HubEvent.MessagePosted posted) {
            return message(posted.message());
        }
        String type = event instanceof HubEvent.PresenceChanged ? "presence" : "typing";
        return SseFields.event(type, null, new String(events.hubEvent(event), StandardCharsets.UTF_8));
    }
}
