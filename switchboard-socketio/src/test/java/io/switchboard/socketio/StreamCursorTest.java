package io.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamCursorTest {
    @Test
    void encodesEveryStreamInFirstPutOrderAndParsesBack() {
        StreamCursor c = new StreamCursor();
        c.put(StreamCursor.NAMESPACE, 12);
        c.put("lobby", 57);
        c.put("dev-2", 3);
        c.put("lobby", 58);
        assertThat(c.encode()).isEqualTo("*:12,lobby:58,dev-2:3");
        assertThat(StreamCursor.parse(c.encode()))
                .containsExactly(Map.entry("*", 12L), Map.entry("lobby", 58L), Map.entry("dev-2", 3L));
    }

    @Test
    void refusesOffsetsItCouldNotHaveWritten() {
        assertThat(StreamCursor.parse(null)).isNull();
        assertThat(StreamCursor.parse("")).isNull();
        assertThat(StreamCursor.parse("lobby")).isNull();
        assertThat(StreamCursor.parse(":4")).isNull();
        assertThat(StreamCursor.parse("lobby:")).isNull();
        assertThat(StreamCursor.parse("lobby:-1")).isNull();
        assertThat(StreamCursor.parse("lobby:x")).isNull();
        assertThat(StreamCursor.parse("lob by:1")).isNull();
        assertThat(StreamCursor.parse("a:1,a:2")).isNull();
        assertThat(StreamCursor.parse("a:1,")).isNull();
        assertThat(StreamCursor.parse("a:99999999999999999999")).isNull();
        assertThat(StreamCursor.parse("x".repeat(65) + ":1")).isNull();
        assertThat(StreamCursor.parse("a:1".repeat(20_000))).isNull();
    }

    @Test
    void removedStreamsLeaveTheOffset() {
        StreamCursor c = new StreamCursor(Map.of("a", 1L));
        c.put("b", 2);
        c.remove("a");
        assertThat(c.encode()).isEqualTo("b:2");
        assertThat(c.snapshot()).containsOnlyKeys("b");
    }

    @Test
    void streamNamesAreOneToSixtyFourOfTheOffsetsSafeCharacters() {
        assertThat(StreamCursor.isValidStream("*")).isTrue();
        assertThat(StreamCursor.isValidStream("az_AZ-09")).isTrue();
        assertThat(StreamCursor.isValidStream("x".repeat(64))).isTrue();
        assertThat(StreamCursor.isValidStream(null)).isFalse();
        assertThat(StreamCursor.isValidStream("")).isFalse();
        assertThat(StreamCursor.isValidStream("x".repeat(65))).isFalse();
        assertThat(StreamCursor.isValidStream("caf\u00e9")).isFalse();
        assertThat(StreamCursor.isValidStream("a:b")).isFalse();
        assertThat(StreamCursor.isValidStream("a,b")).isFalse();
        assertThat(StreamCursor.isValidStream("**")).isFalse();
    }
}
