package io.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.protocol.nativejson.Limits;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fuzz target for {@link PostBody}, the JSON body of {@code POST /api/rooms/{room}/messages}:
 * whatever the bytes, the body either parses or is refused with an {@link ApiException} whose code
 * docs/http-api.md ("Errors") gives for a body (a 400). Nothing else may escape. A body that parses
 * is valid UTF-8 and exactly one JSON object (re-read by a strict parser), and the message is what
 * that object says.
 *
 * <p>A plain test run ({@code ./mvnw verify}) replays the inputs in {@code src/test/resources/
 * io/switchboard/transport/http/PostBodyFuzzTestInputs/parse/}; {@code JAZZER_FUZZ=1} fuzzes (see
 * {@code NativeCommandDecoderFuzzTest} for the command).
 */
class PostBodyFuzzTest {
    private static final Set<ApiError> BODY_ERRORS =
            EnumSet.of(ApiError.BAD_JSON, ApiError.BAD_REQUEST, ApiError.INVALID_NICK, ApiError.INVALID_TEXT);

    /** The oracle's parser: one JSON value and nothing after it. */
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"\"from\"", "\"text\"", "\"clientId\"", "null", "\\u0000", "\\ud800", "\\ud83d\\ude00"})
    void parse(byte[] input) throws Exception {
        PostBody body;
        try {
            body = PostBody.parse(ByteBuffer.wrap(input));
        } catch (ApiException e) {
            assertThat(e.error()).as("error for %s", printable(input)).isIn(BODY_ERRORS);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        String text = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(input))
                .toString();
        JsonNode[] parsed = new JsonNode[1];
        assertThatCode(() -> parsed[0] = STRICT.readTree(text))
                .as("a body that parses is one JSON value: %s", text)
                .doesNotThrowAnyException();
        JsonNode obj = parsed[0];
        assertThat(obj.isObject()).isTrue();
        assertThat(body.from())
                .isNotNull()
                .isEqualTo(Limits.normalizeNick(obj.get("from").textValue()));
        assertThat(body.text()).isEqualTo(obj.get("text").textValue());
        assertThat(Limits.isValidText(body.text())).isTrue();
        JsonNode clientId = obj.get("clientId");
        assertThat(body.clientId()).isEqualTo(clientId == null || clientId.isNull() ? null : clientId.textValue());
        if (body.clientId() != null) {
            assertThat(body.clientId().length()).isBetween(1, Limits.MAX_CLIENT_ID_LENGTH);
        }
    }

    private static String printable(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }
}
