package io.switchboard.socketio.internal.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnginePacketCodecTest {
    @Test
    void everyTypeDigitDecodesToItsType() throws Exception {
        assertThat(EnginePacketCodec.decodeText("0{\"sid\":\"a\"}")) // open with its handshake
                .isEqualTo(EnginePacket.of(EnginePacketType.OPEN, "{\"sid\":\"a\"}"));
        assertThat(EnginePacketCodec.decodeText("1")).isEqualTo(EnginePacket.CLOSE); // close
        assertThat(EnginePacketCodec.decodeText("2probe")) // upgrade probe
                .isEqualTo(EnginePacket.of(EnginePacketType.PING, "probe"));
        assertThat(EnginePacketCodec.decodeText("3")).isEqualTo(EnginePacket.PONG); // pong
        assertThat(EnginePacketCodec.decodeText("4hello")).isEqualTo(EnginePacket.message("hello"));
        assertThat(EnginePacketCodec.decodeText("5")).isEqualTo(EnginePacket.UPGRADE); // upgrade
        assertThat(EnginePacketCodec.decodeText("6")).isEqualTo(EnginePacket.NOOP); // noop
    }

    @Test
    void unknownTypeIsRejected() {
        assertThatThrownBy(() -> EnginePacketCodec.decodeText("abc"))
                .isInstanceOf(EngineIoParseException.class)
                .hasMessageContaining("unknown packet type");
        assertThatThrownBy(() -> EnginePacketCodec.decodeText("7")).isInstanceOf(EngineIoParseException.class);
    }

    @Test
    void emptyPacketIsRejected() {
        assertThatThrownBy(() -> EnginePacketCodec.decodeText(""))
                .isInstanceOf(EngineIoParseException.class)
                .hasMessage("empty packet");
    }

    @Test
    void textPacketEncodesAsDigitAndData() {
        assertThat(EnginePacketCodec.encodeText(EnginePacket.of(EnginePacketType.PONG, "probe")))
                .isEqualTo("3probe");
        assertThat(EnginePacketCodec.encodeText(EnginePacket.message("hé"))).isEqualTo("4hé");
    }

    @Test
    void payloadSplitsOnRecordSeparator() throws Exception {
        List<EnginePacket> packets = EnginePacketCodec.decodePayload(
                "4test1" // message "test1"
                        + "\u001e" // record separator
                        + "4test2" // message "test2"
                        + "\u001e"
                        + "bAQIDBA=="); // binary message 01 02 03 04, base64
        assertThat(packets).hasSize(3);
        assertThat(packets.get(0)).isEqualTo(EnginePacket.message("test1"));
        assertThat(packets.get(1)).isEqualTo(EnginePacket.message("test2"));
        assertThat(packets.get(2).binary()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void payloadEncodesBinaryAsBase64() {
        String body = EnginePacketCodec.encodePayload(List.of(
                EnginePacket.message("hello"), EnginePacket.binaryMessage(new byte[] {1, 2, 3, 4}), EnginePacket.PING));
        assertThat(body).isEqualTo("4hello" + "\u001e" + "bAQIDBA==" + "\u001e" + "2");
    }

    @Test
    void payloadWithBadPartIsRejected() {
        assertThatThrownBy(() -> EnginePacketCodec.decodePayload("4ok\u001eabc"))
                .isInstanceOf(EngineIoParseException.class);
        assertThatThrownBy(() -> EnginePacketCodec.decodePayload("b!!not-base64"))
                .isInstanceOf(EngineIoParseException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> EnginePacketCodec.decodePayload("4a\u001e"))
                .isInstanceOf(EngineIoParseException.class)
                .hasMessage("empty packet");
    }
}
