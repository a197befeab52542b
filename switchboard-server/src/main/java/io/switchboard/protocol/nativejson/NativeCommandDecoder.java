package io.switchboard.protocol.nativejson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.RoomName;

/**
 * Turns one text frame of the native protocol into a validated {@link ClientCommand}. Every way a
 * frame can be wrong maps to one stable {@link ErrorCode}.
 *
 * <p>Thread-safe and stateless.
 */
public final class NativeCommandDecoder {
    /**
     * A frame is one JSON object and nothing after it: without FAIL_ON_TRAILING_TOKENS Jackson
     * stops at the object's end and {@code {"type":"send",…}garbage} would be carried out (found by
     * NativeCommandDecoderFuzzTest).
     */
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public ClientCommand decode(String frame) throws ProtocolException {
        JsonNode root;
        try {
            root = MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not valid JSON", null);
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not a JSON object", null);
        }
        String ref = optionalString(obj, "ref", Limits.MAX_REF_LENGTH, null);
        JsonNode type = obj.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_COMMAND, "missing \"type\"", ref);
        }
        return switch (type.textValue()) {
            case "nick" -> new ClientCommand.SetNick(nick(obj, ref), ref);
            case "join" ->
                new ClientCommand.Join(
                        room(obj, ref),
                        optionalId(obj, "after", ref),
                        optionalString(obj, "epoch", Limits.MAX_REF_LENGTH, ref),
                        limit(obj, ref),
                        ref);
            case "leave" -> new ClientCommand.Leave(room(obj, ref), ref);
            case "send" ->
                new ClientCommand.Send(
                        room(obj, ref),
                        text(obj, ref),
                        optionalString(obj, "clientId", Limits.MAX_CLIENT_ID_LENGTH, ref),
                        ref);
            case "typing" -> new ClientCommand.Typing(room(obj, ref), bool(obj, "typing", ref), ref);
            case "history" -> history(obj, ref);
            case "refresh" -> new ClientCommand.Refresh(token(obj, ref), ref);
            default ->
                throw new ProtocolException(
                        ErrorCode.UNKNOWN_COMMAND, "unknown command \"" + truncate(type.textValue()) + "\"", ref);
        };
    }

    private static ClientCommand.History history(ObjectNode obj, String ref) throws ProtocolException {
        String room = room(obj, ref);
        Long before = optionalId(obj, "before", ref);
        Long after = optionalId(obj, "after", ref);
        if (before != null && after != null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "give \"before\" or \"after\", not both", ref);
        }
        String epoch = optionalString(obj, "epoch", Limits.MAX_REF_LENGTH, ref);
        return new ClientCommand.History(room, before, after, epoch, limit(obj, ref), ref);
    }

    private static String room(ObjectNode obj, String ref) throws ProtocolException {
        JsonNode node = obj.get("room");
        if (node == null || !node.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "missing string \"room\"", ref);
        }
        if (!RoomName.isValid(node.textValue())) {
            throw new ProtocolException(ErrorCode.INVALID_ROOM, "room names are [A-Za-z0-9_-]{1,64}", ref);
        }
        return node.textValue();
    }

    private static String nick(ObjectNode obj, String ref) throws ProtocolException {
        JsonNode node = obj.get("nick");
        if (node == null || !node.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "missing string \"nick\"", ref);
        }
        String nick = Limits.normalizeNick(node.textValue());
        if (nick == null) {
            throw new ProtocolException(
                    ErrorCode.INVALID_NICK,
                    "nicknames are 1-" + Limits.MAX_NICK_LENGTH + " characters without control characters",
                    ref);
        }
        return nick;
    }

    /** A JWT is three base64url parts; 8 KiB is far above any real one and below the frame limit. */
    private static String token(ObjectNode obj, String ref) throws ProtocolException {
        JsonNode node = obj.get("token");
        if (node == null
                || !node.isTextual()
                || node.textValue().isEmpty()
                || node.textValue().length() > 8192) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "missing string \"token\" (at most 8192 characters)", ref);
        }
        return node.textValue();
    }

    private static String text(ObjectNode obj, String ref) throws ProtocolException {
        JsonNode node = obj.get("text");
        if (node == null || !node.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "missing string \"text\"", ref);
        }
        if (!Limits.isValidText(node.textValue())) {
            throw new ProtocolException(
                    ErrorCode.INVALID_TEXT,
                    "text must be 1-" + Limits.MAX_TEXT_CODE_POINTS + " characters, not blank, without lone surrogates",
                    ref);
        }
        return node.textValue();
    }

    private static boolean bool(ObjectNode obj, String field, String ref) throws ProtocolException {
        JsonNode node = obj.get(field);
        if (node == null || !node.isBoolean()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "missing boolean \"" + field + "\"", ref);
        }
        return node.booleanValue();
    }

    private static Long optionalId(ObjectNode obj, String field, String ref) throws ProtocolException {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "\"" + field + "\" must be a non-negative integer", ref);
        }
        return node.longValue();
    }

    private static int limit(ObjectNode obj, String ref) throws ProtocolException {
        JsonNode node = obj.get("limit");
        if (node == null || node.isNull()) {
            return Limits.DEFAULT_HISTORY;
        }
        // canConvertToLong first: longValue() of a number past 64 bits is its low bits (2^64 + 100 read
        // as 100; found by NativeCommandDecoderFuzzTest)
        if (!node.isIntegralNumber()
                || !node.canConvertToLong()
                || node.longValue() < 1
                || node.longValue() > Limits.MAX_HISTORY) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "\"limit\" must be 1-" + Limits.MAX_HISTORY, ref);
        }
        return node.intValue();
    }

    private static String optionalString(ObjectNode obj, String field, int maxLength, String ref)
            throws ProtocolException {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isEmpty() || node.textValue().length() > maxLength) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "\"" + field + "\" must be a string of 1-" + maxLength + " characters", ref);
        }
        return node.textValue();
    }

    /**
     * At most 32 code points of a client's string, to quote in an error message. A lone surrogate
     * (JSON's {@code "\ud83d"}) becomes U+FFFD, and a pair is never cut in half, so the message is
     * well-formed text (a lone surrogate was echoed before; found by NativeCommandDecoderFuzzTest).
     */
    private static String truncate(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (int points = 0; i < s.length() && points < 32; points++) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? 0xFFFD : cp);
            i += Character.charCount(cp);
        }
        return i < s.length() ? out.append('…').toString() : out.toString();
    }
}
