package io.switchboard.transport.http;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.Member;
import io.switchboard.protocol.json.JsonOut;
import io.switchboard.protocol.json.WireShapes;
import io.switchboard.transport.ErrorJson;
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

    static byte[] error(ApiError error, String message) {
        return ErrorJson.of(error.wireName(), message);
    }
}
