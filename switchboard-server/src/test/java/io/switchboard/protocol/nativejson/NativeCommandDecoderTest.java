package io.switchboard.protocol.nativejson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class NativeCommandDecoderTest {
    private final NativeCommandDecoder decoder = new NativeCommandDecoder();

    private ErrorCode errorOf(String frame) {
        return catchThrowableOfType(ProtocolException.class, () -> decoder.decode(frame))
                .code();
    }

    @Test
    void sendWithClientIdAndRefIsDecoded() throws Exception {
        assertThat(decoder.decode(
                        "{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"hi\",\"clientId\":\"c1\",\"ref\":\"r1\"}"))
                .isEqualTo(new ClientCommand.Send("lobby", "hi", "c1", "r1"));
    }

    @Test
    void joinDefaultsToTheLatestFiftyMessages() throws Exception {
        assertThat(decoder.decode("{\"type\":\"join\",\"room\":\"a-b_C9\"}"))
                .isEqualTo(new ClientCommand.Join("a-b_C9", null, null, 50, null));
        assertThat(decoder.decode("{\"type\":\"join\",\"room\":\"r\",\"after\":41,\"epoch\":\"e1\",\"limit\":1000}"))
                .isEqualTo(new ClientCommand.Join("r", 41L, "e1", 1000, null));
    }

    @Test
    void nicknameIsTrimmed() throws Exception {
        assertThat(decoder.decode("{\"type\":\"nick\",\"nick\":\"  bo  \"}"))
                .isEqualTo(new ClientCommand.SetNick("bo", null));
    }

    @Test
    void aFrameWithAnythingAfterItsObjectIsBadJsonAndNotCarriedOut() {
        assertThat(errorOf("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"hi\"}3ref\":\"s1\"}"))
                .isEqualTo(ErrorCode.BAD_JSON);
        assertThat(errorOf("{\"type\":\"leave\",\"room\":\"lobby\"} {\"type\":\"leave\",\"room\":\"x\"}"))
                .isEqualTo(ErrorCode.BAD_JSON);
    }

    @Test
    void anUnknownCommandIsQuotedAsWellFormedTextCutAtThirtyTwoCodePoints() {
        ProtocolException lone = catchThrowableOfType(
                ProtocolException.class, () -> decoder.decode("{\"type\":\"\\ud83dleave\",\"room\":\"r\"}"));
        assertThat(lone.code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(lone.getMessage()).isEqualTo("unknown command \"\uFFFDleave\"");
        ProtocolException cut = catchThrowableOfType(
                ProtocolException.class, () -> decoder.decode("{\"type\":\"" + "x".repeat(31) + "😀😀\"}"));
        assertThat(cut.getMessage()).isEqualTo("unknown command \"" + "x".repeat(31) + "😀…\"");
        assertThat(Limits.hasLoneSurrogate(cut.getMessage())).isFalse();
    }

    @Test
    void everyMalformedFrameHasItsStableCode() {
        assertThat(errorOf("{")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(errorOf("[1,2]")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(errorOf("{}")).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(errorOf("{\"type\":\"fly\"}")).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(errorOf("{\"type\":\"join\"}")).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(errorOf("{\"type\":\"join\",\"room\":\"a/b\"}")).isEqualTo(ErrorCode.INVALID_ROOM);
        assertThat(errorOf("{\"type\":\"join\",\"room\":\"" + "r".repeat(65) + "\"}"))
                .isEqualTo(ErrorCode.INVALID_ROOM);
        assertThat(errorOf("{\"type\":\"join\",\"room\":\"r\",\"after\":-1}")).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(errorOf("{\"type\":\"join\",\"room\":\"r\",\"limit\":1001}")).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(errorOf("{\"type\":\"join\",\"room\":\"r\",\"limit\":18446744073709551716}"))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(errorOf("{\"type\":\"send\",\"room\":\"r\",\"text\":\" \"}")).isEqualTo(ErrorCode.INVALID_TEXT);
        assertThat(errorOf("{\"type\":\"send\",\"room\":\"r\",\"text\":\"" + "x".repeat(4001) + "\"}"))
                .isEqualTo(ErrorCode.INVALID_TEXT);
        assertThat(errorOf("{\"type\":\"send\",\"room\":\"r\",\"text\":\"x\",\"clientId\":\"" + "k".repeat(65) + "\"}"))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(errorOf("{\"type\":\"nick\",\"nick\":\"a\\u0007b\"}")).isEqualTo(ErrorCode.INVALID_NICK);
        assertThat(errorOf("{\"type\":\"typing\",\"room\":\"r\",\"typing\":\"yes\"}"))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(errorOf("{\"type\":\"history\",\"room\":\"r\",\"before\":1,\"after\":2}"))
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void textLimitCountsCodePointsNotUtf16Units() throws Exception {
        String emoji = "\uD83D\uDE00".repeat(4000);
        assertThat(decoder.decode("{\"type\":\"send\",\"room\":\"r\",\"text\":\"" + emoji + "\"}"))
                .isInstanceOf(ClientCommand.Send.class);
    }

    @Test
    void errorKeepsTheRefOfTheFailedCommand() {
        ProtocolException e = catchThrowableOfType(
                ProtocolException.class,
                () -> decoder.decode("{\"type\":\"join\",\"room\":\"bad room\",\"ref\":\"q7\"}"));
        assertThat(e.ref()).isEqualTo("q7");
    }
}
