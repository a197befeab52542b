package io.switchboard.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.nativejson.Limits;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The validated body of a message POST ({@code {"from", "text", "clientId"?}}, docs/http-api.md).
 * Kept apart from {@link RoomApi} so the parsing can be fuzzed without a server
 * ({@code PostBodyFuzzTest}): every body either parses or is refused with one {@link ApiException}.
 *
 * <p>Thread-safe and stateless.
 *
 * @param clientId null when the client gave none
 */
record PostBody(String from, String text, String clientId) {
    /**
     * A body is one JSON object and nothing after it: without FAIL_ON_TRAILING_TOKENS Jackson stops
     * at the object's end and {@code {"from":…,"text":…}garbage} would be stored (found by
     * PostBodyFuzzTest).
     */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static PostBody parse(ByteBuffer content) throws ApiException {
        return parse(content, true);
    }

    /**
     * With {@code withFrom} false (a token names the sender) a {@code from} in the body is ignored and
     * {@link #from()} is null.
     */
    static PostBody parse(ByteBuffer content, boolean withFrom) throws ApiException {
        JsonNode root;
        try {
            root = JSON.readTree(utf8(content));
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.BAD_JSON, "body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode body)) {
            throw new ApiException(ApiError.BAD_JSON, "body is not a JSON object");
        }
        String from = withFrom ? Limits.normalizeNick(string(body, "from")) : null;
        if (withFrom && from == null) {
            throw new ApiException(
                    ApiError.INVALID_NICK,
                    "\"from\" must be 1-" + Limits.MAX_NICK_LENGTH + " characters without control characters");
        }
        String text = string(body, "text");
        if (!Limits.isValidText(text)) {
            throw new ApiException(
                    ApiError.INVALID_TEXT,
                    "\"text\" must be 1-" + Limits.MAX_TEXT_CODE_POINTS
                            + " characters, not blank, without lone surrogates");
        }
        String clientId = null;
        JsonNode id = body.get("clientId");
        if (id != null && !id.isNull()) {
            if (!id.isTextual() || id.textValue().isEmpty() || id.textValue().length() > Limits.MAX_CLIENT_ID_LENGTH) {
                throw new ApiException(
                        ApiError.BAD_REQUEST,
                        "\"clientId\" must be a string of 1-" + Limits.MAX_CLIENT_ID_LENGTH + " characters");
            }
            clientId = id.textValue();
        }
        return new PostBody(from, text, clientId);
    }

    /**
     * The body as text. Invalid UTF-8 is refused rather than stored with U+FFFD in its place: the
     * message would differ from what was sent, and {@code /ws} refuses such a frame too (1007).
     */
    private static String utf8(ByteBuffer content) throws ApiException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(content)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ApiError.BAD_JSON, "body is not valid UTF-8");
        }
    }

    private static String string(ObjectNode body, String field) throws ApiException {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw new ApiException(ApiError.BAD_REQUEST, "missing string \"" + field + "\"");
        }
        return node.textValue();
    }
}
