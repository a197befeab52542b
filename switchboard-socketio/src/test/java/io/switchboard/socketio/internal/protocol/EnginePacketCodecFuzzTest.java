package io.switchboard.socketio.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.socketio.internal.protocol.engineio.EngineIoParseException;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacketCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz targets for the Engine.IO decoders: whatever the bytes, only {@link EngineIoParseException}
 * may escape, and what decodes re-encodes to something that decodes to the same packets.
 *
 * <p>A plain test run replays the inputs in {@code src/test/resources/io/switchboard/protocol/
 * EnginePacketCodecFuzzTestInputs/<method>/}. {@code JAZZER_FUZZ=1} fuzzes one method (see
 * {@link SocketPacketDecoderFuzzTest} for the command).
 */
class EnginePacketCodecFuzzTest {
    /** A polling POST body: packets joined by the record separator. */
    @FuzzTest(maxDuration = "30s")
    void payload(byte[] input) throws Exception {
        String body = new String(input, StandardCharsets.UTF_8);
        List<EnginePacket> packets;
        try {
            packets = EnginePacketCodec.decodePayload(body);
        } catch (EngineIoParseException e) {
            return;
        }
        List<EnginePacket> again = EnginePacketCodec.decodePayload(EnginePacketCodec.encodePayload(packets));
        assertThat(again).hasSameSizeAs(packets);
        for (int i = 0; i < packets.size(); i++) {
            assertSamePacket(again.get(i), packets.get(i));
        }
    }

    /** One WebSocket text frame. */
    @FuzzTest(maxDuration = "30s")
    void text(byte[] input) throws Exception {
        String frame = new String(input, StandardCharsets.UTF_8);
        EnginePacket packet;
        try {
            packet = EnginePacketCodec.decodeText(frame);
        } catch (EngineIoParseException e) {
            return;
        }
        String encoded = EnginePacketCodec.encodeText(packet);
        assertThat(encoded).isEqualTo(frame);
        assertSamePacket(EnginePacketCodec.decodeText(encoded), packet);
    }

    /** The record compares byte arrays by identity; packets are equal by content. */
    private static void assertSamePacket(EnginePacket actual, EnginePacket expected) {
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.text()).isEqualTo(expected.text());
        assertThat(actual.binary()).isEqualTo(expected.binary());
    }
}
