package io.switchboard.protocol.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFieldsTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void messageEventHasAnIdAndOneDataLineAndEndsWithABlankLine() {
        assertThat(text(SseFields.event(null, "42", "{\"id\":42}")))
                .isEqualTo("id: 42\n" + "data: {\"id\":42}\n" + "\n");
    }

    @Test
    void namedEventPutsTheTypeFirstAndNeedsNoId() {
        assertThat(text(SseFields.event("presence", null, "{}"))).isEqualTo("event: presence\n" + "data: {}\n" + "\n");
    }

    @Test
    void eventDataWithNewlinesCannotInjectFields() {
        // security: a payload "x\nid: 999\n\nevent: evil" must stay data, never become id or event fields
        assertThat(text(SseFields.event(null, "1", "x\nid: 999\r\n\revent: evil")))
                .isEqualTo("id: 1\n"
                        + "data: x\n"
                        + "data: id: 999\n" // CRLF is one break
                        + "data: \n" // lone CR is a break too
                        + "data: event: evil\n"
                        + "\n");
    }

    @Test
    void eventIdWithCrLfIsRefused() {
        assertThatThrownBy(() -> SseFields.event(null, "1\r\ndata: x", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFields.event("a\nb", null, "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFields.event(null, "1\0", "{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void utf8DataIsEncodedAsUtf8() {
        // "안녕" is EC 95 88 EB 85 95
        byte[] bytes = SseFields.event(null, null, "안녕");
        assertThat(bytes)
                .containsExactly(
                        'd',
                        'a',
                        't',
                        'a',
                        ':',
                        ' ',
                        0xEC - 256,
                        0x95 - 256,
                        0x88 - 256,
                        0xEB - 256,
                        0x85 - 256,
                        0x95 - 256,
                        '\n',
                        '\n');
    }

    @Test
    void retryAndHeartbeatAreSingleFields() {
        assertThat(text(SseFields.retry(2000))).isEqualTo("retry: 2000\n\n");
        assertThat(text(SseFields.HEARTBEAT)).isEqualTo(": heartbeat\n\n");
    }
}
