package io.switchboard.transport.http;

import io.switchboard.hub.ChatMessage;
import io.switchboard.hub.HubEvent;
import io.switchboard.protocol.nativejson.NativeEventEncoder;
import io.switchboard.protocol.sse.SseFields;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events: messages as default-type events with {@code id: <message id>}, so that
 * {@code EventSource.onmessage} gets them and a reconnect resumes from Last-Event-ID; presence and
 * typing as named events without an id, so the resume position only advances on messages.
 *
 * <p>Thread-safe and stateless.
 */
final class SseEncoding extends StreamEncoding {
    /** What a disconnected EventSource waits before reconnecting; the browser default is ~3 s. */
    static final long RETRY_MILLIS = 2000;

    private final NativeEventEncoder events;

    SseEncoding(NativeEventEncoder events) {
        this.events = events;
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
        return SseFields.event(null, Long.toString(message.id()),
                new String(ApiJson.message(message), StandardCharsets.UTF_8));
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
