package io.switchboard.loadtool.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenScannerTest {

    private static final int RUN = 4711;

    private final TokenScanner scanner = new TokenScanner(RUN);

    @Test
    void encodedTextIsPaddedToThePayloadSize() {
        byte[] text = Token.encode(RUN, 12, 3_000_000_000L, 64);

        assertThat(text).hasSize(64);
        assertThat(new String(text, StandardCharsets.US_ASCII))
                .startsWith("lt:4711:12:3000000000:")
                .matches("lt:4711:12:3000000000:x+");
    }

    @Test
    void payloadSmallerThanTheTokenKeepsTheWholeToken() {
        byte[] text = Token.encode(RUN, 123_456, 987_654_321L, 1);

        assertThat(new String(text, StandardCharsets.US_ASCII)).isEqualTo("lt:4711:123456:987654321:");
        assertThat(Token.minimumPayload(RUN, 123_456, 987_654_321L)).isEqualTo(text.length);
    }

    @Test
    void tokenIsFoundInsideTheSeedsJsonText() {
        String token = ascii(Token.encode(RUN, 42, 1_234_567_890L, 40));
        ByteBuf frame = buf("{\"text\":\"other: " + token + "\",\"timestamp\":1763779200000}");

        assertThat(scanner.scan(frame)).isTrue();
        assertThat(scanner.seq()).isEqualTo(42);
        assertThat(scanner.offsetNanos()).isEqualTo(1_234_567_890L);
    }

    @Test
    void tokenIsFoundInsideSwitchboardsJsonAfterFieldsThatContainTheLetterL() {
        String token = ascii(Token.encode(RUN, 7, 99L, 32));
        ByteBuf frame = buf(
                "{\"id\":17,\"room\":\"lobby\",\"from\":\"guest-l1\",\"text\":\"me: " + token + "\",\"timestamp\":1}");

        assertThat(scanner.scan(frame)).isTrue();
        assertThat(scanner.seq()).isEqualTo(7);
        assertThat(scanner.offsetNanos()).isEqualTo(99L);
    }

    @Test
    void tokenIsFoundInARawEcho() {
        assertThat(scanner.scan(Unpooled.wrappedBuffer(Token.encode(RUN, 0, 5L, 64))))
                .isTrue();
        assertThat(scanner.seq()).isZero();
    }

    @Test
    void tokenOfAnotherRunIsIgnored() {
        assertThat(scanner.scan(Unpooled.wrappedBuffer(Token.encode(RUN + 1, 3, 5L, 64))))
                .isFalse();
    }

    @Test
    void tokenAfterAFalseStartIsStillFound() {
        ByteBuf frame = buf("lt:x lt:4711: lt:4711:9:8:");

        assertThat(scanner.scan(frame)).isTrue();
        assertThat(scanner.seq()).isEqualTo(9);
        assertThat(scanner.offsetNanos()).isEqualTo(8);
    }

    @Test
    void truncatedTokenIsNotFound() {
        assertThat(scanner.scan(buf("{\"text\":\"me: lt:4711:9:8"))).isFalse();
        assertThat(scanner.scan(buf("lt:4711:9:"))).isFalse();
        assertThat(scanner.scan(buf("welcome"))).isFalse();
    }

    @Test
    void numbersTooLongForALongAreRejectedRatherThanWrapped() {
        assertThat(scanner.scan(buf("lt:4711:1:99999999999999999999999:"))).isFalse();
    }

    @Test
    void onlyTheReadableBytesAreScanned() {
        ByteBuf frame = buf("lt:4711:1:2:" + "ignored");
        frame.readerIndex(1);

        assertThat(scanner.scan(frame)).isFalse();
    }

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
