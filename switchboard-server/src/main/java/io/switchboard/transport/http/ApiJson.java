package io.switchboard.transport.http;

import io.switchboard.auth.AuthFailure;
import io.switchboard.auth.Identity;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.Member;
import io.switchboard.protocol.json.JsonOut;
import io.switchboard.protocol.json.WireShapes;
import io.switchboard.transport.ErrorJson;
import java.time.Duration;
import java.util.List;

/**
 * The JSON bodies of the HTTP API. Messages, members and errors are written by {@link WireShapes},
 * as on the native and Socket.IO transports, so every transport shows one message the same way.
 *
 * <p>Thread-safe and stateless.
 */
final class ApiJson {
    private ApiJson() {}

    static byte[] message(ChatMessage m) {
        return JsonOut.bytes(g -> WireShapes.message(g, m));
    }

    static byte[] messages(List<ChatMessage> list) {
        return JsonOut.bytes(g -> WireShapes.messages(g, list));
    }

    static byte[] members(List<Member> list) {
        return JsonOut.bytes(g -> WireShapes.members(g, list));
    }

    /** A stream's reset: {@code {"type":"reset","reset":<reason>,"message":...,"epoch":<current>}}. */
    static byte[] reset(ResumeReset reset, String epoch) {
        return JsonOut.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("type", "reset");
            g.writeStringField("reset", reset.wireName());
            g.writeStringField("message", reset.message());
            g.writeStringField("epoch", epoch);
            g.writeEndObject();
        });
    }

    /**
     * {@code {"type":"auth","user","name","expiresAt","graceMs"}}: who a stream's token says the
     * client is, and when the stream ends unless the client reopens it with a new token.
     */
    static byte[] auth(Identity identity, Duration grace) {
        return JsonOut.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("type", "auth");
            g.writeStringField("user", identity.subject());
            g.writeStringField("name", identity.name());
            g.writeNumberField("expiresAt", identity.expiresAt().toEpochMilli());
            g.writeNumberField("graceMs", grace.toMillis());
            g.writeEndObject();
        });
    }

    /** {@code {"type":"token_expired","code":"token_expired","message"}}: a stream's last event. */
    static byte[] tokenExpired() {
        return JsonOut.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("type", AuthFailure.EXPIRED.code());
            g.writeStringField("code", AuthFailure.EXPIRED.code());
            g.writeStringField("message", "the token expired; reconnect with a new ?token=");
            g.writeEndObject();
        });
    }

    static byte[] error(ApiError error, String message) {
        return ErrorJson.of(error.wireName(), message);
    }
}
