package io.switchboard.protocol.nativejson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.RoomName;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fuzz target for {@link NativeCommandDecoder}, the {@code /ws} command parser: whatever the frame,
 * the decoder either returns a command or throws a {@link ProtocolException} with one of the
 * decoding codes of docs/protocol.md ("Errors"). Nothing else may escape. A command it returns must
 * be what the frame says: the frame is exactly one JSON object (re-read by a strict parser), and
 * every field of the command equals that object's field, in range.
 *
 * <p>A plain test run ({@code ./mvnw verify}) replays the inputs in {@code src/test/resources/
 * io/switchboard/protocol/nativejson/NativeCommandDecoderFuzzTestInputs/decode/}. Fuzzing runs for
 * the {@code maxDuration} below:
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw -o -pl switchboard-testing,switchboard-socketio,switchboard-server \
 *       -Dtest='NativeCommandDecoderFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -Dexec.skip=true test
 * </pre>
 * A finding is written next to the seeds as {@code crash-<sha1>}, so later plain runs replay it.
 */
class NativeCommandDecoderFuzzTest {
    /** What decoding one frame may answer; the others need a session or a store. */
    private static final Set<ErrorCode> DECODING_ERRORS = EnumSet.of(
            ErrorCode.BAD_JSON,
            ErrorCode.UNKNOWN_COMMAND,
            ErrorCode.BAD_REQUEST,
            ErrorCode.INVALID_ROOM,
            ErrorCode.INVALID_NICK,
            ErrorCode.INVALID_TEXT);

    /** The oracle's parser: one JSON value and nothing after it. */
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final NativeCommandDecoder decoder = new NativeCommandDecoder();

    /** One WebSocket text frame (Netty has already refused invalid UTF-8 with 1007). */
    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({
        "\"type\"",
        "\"nick\"",
        "\"join\"",
        "\"leave\"",
        "\"send\"",
        "\"typing\"",
        "\"history\"",
        "\"room\"",
        "\"text\"",
        "\"clientId\"",
        "\"ref\"",
        "\"after\"",
        "\"before\"",
        "\"epoch\"",
        "\"limit\"",
        "true",
        "null",
        "18446744073709551616",
        "\\ud83d",
        "\\ude00"
    })
    void decode(byte[] input) throws Exception {
        String frame = new String(input, StandardCharsets.UTF_8);
        ClientCommand command;
        try {
            command = decoder.decode(frame);
        } catch (ProtocolException e) {
            assertThat(e.code()).as("code for %s", frame).isIn(DECODING_ERRORS);
            assertThat(e.getMessage()).as("message for %s", frame).isNotBlank();
            assertThat(Limits.hasLoneSurrogate(e.getMessage()))
                    .as("lone surrogate in the message for %s: %s", frame, e.getMessage())
                    .isFalse();
            if (e.ref() != null) {
                assertThat(e.ref().length()).isBetween(1, Limits.MAX_REF_LENGTH);
            }
            return;
        }
        JsonNode[] parsed = new JsonNode[1];
        assertThatCode(() -> parsed[0] = STRICT.readTree(frame))
                .as("a frame that decodes is one JSON value: %s", frame)
                .doesNotThrowAnyException();
        JsonNode obj = parsed[0];
        assertThat(obj.isObject()).isTrue();
        assertThat(command.ref()).isEqualTo(optionalText(obj, "ref"));
        if (command instanceof ClientCommand.SetNick c) {
            assertType(obj, "nick");
            assertThat(c.nick()).isEqualTo(Limits.normalizeNick(obj.get("nick").textValue()));
        } else if (command instanceof ClientCommand.Join c) {
            assertType(obj, "join");
            assertRoom(obj, c.room());
            assertThat(c.after()).isEqualTo(optionalId(obj, "after"));
            assertThat(c.epoch()).isEqualTo(optionalText(obj, "epoch"));
            assertLimit(obj, c.limit());
        } else if (command instanceof ClientCommand.Leave c) {
            assertType(obj, "leave");
            assertRoom(obj, c.room());
        } else if (command instanceof ClientCommand.Send c) {
            assertType(obj, "send");
            assertRoom(obj, c.room());
            assertThat(c.text()).isEqualTo(obj.get("text").textValue());
            assertThat(Limits.isValidText(c.text())).isTrue();
            assertThat(c.clientId()).isEqualTo(optionalText(obj, "clientId"));
        } else if (command instanceof ClientCommand.Typing c) {
            assertType(obj, "typing");
            assertRoom(obj, c.room());
            assertThat(c.typing()).isEqualTo(obj.get("typing").booleanValue());
        } else if (command instanceof ClientCommand.History c) {
            assertType(obj, "history");
            assertRoom(obj, c.room());
            assertThat(c.before()).isEqualTo(optionalId(obj, "before"));
            assertThat(c.after()).isEqualTo(optionalId(obj, "after"));
            assertThat(c.before() == null || c.after() == null).isTrue();
            assertThat(c.epoch()).isEqualTo(optionalText(obj, "epoch"));
            assertLimit(obj, c.limit());
        } else {
            throw new AssertionError("a command the oracle does not know: " + command);
        }
    }

    private static void assertType(JsonNode obj, String type) {
        assertThat(obj.get("type").textValue()).isEqualTo(type);
    }

    private static void assertRoom(JsonNode obj, String room) {
        assertThat(RoomName.isValid(room)).isTrue();
        assertThat(room).isEqualTo(obj.get("room").textValue());
    }

    /** The limit the frame gives, exactly (not its low bits), or the default when it gives none. */
    private static void assertLimit(JsonNode obj, int limit) {
        JsonNode node = obj.get("limit");
        BigInteger given = node == null || node.isNull() ? BigInteger.valueOf(Limits.DEFAULT_HISTORY) : exact(node);
        assertThat(given).isEqualTo(BigInteger.valueOf(limit));
        assertThat(limit).isBetween(1, Limits.MAX_HISTORY);
    }

    private static Long optionalId(JsonNode obj, String field) {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        BigInteger id = exact(node);
        assertThat(id.signum()).isNotNegative();
        return id.longValueExact();
    }

    private static BigInteger exact(JsonNode node) {
        assertThat(node.isIntegralNumber()).as("%s is an integer", node).isTrue();
        return node.bigIntegerValue();
    }

    private static String optionalText(JsonNode obj, String field) {
        JsonNode node = obj.get(field);
        return node == null || node.isNull() ? null : node.textValue();
    }
}
