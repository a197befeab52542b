package io.switchboard.socketio.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketIoParseException;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketDecoder;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets for {@link SocketPacketDecoder}: whatever the bytes, only
 * {@link SocketIoParseException} may escape, and a packet that decodes (and, when binary, takes its
 * attachments) re-encodes with {@link SocketPacketEncoder} to a packet that decodes equal.
 *
 * <p>A plain test run replays the inputs in {@code src/test/resources/io/switchboard/protocol/
 * SocketPacketDecoderFuzzTestInputs/<method>/}. Fuzzing runs one method at a time, for the
 * {@code maxDuration} below:
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw -Dtest='SocketPacketDecoderFuzzTest#decode' -Dsurefire.failIfNoSpecifiedTests=false test
 * </pre>
 * A finding is written next to the seeds as {@code crash-<sha1>}, so later plain runs replay it.
 */
class SocketPacketDecoderFuzzTest {
    /** Separates the packet text from each attachment; never part of UTF-8 text. */
    private static final byte SEPARATOR = (byte) 0xff;
    /** More attachments than this are not worth the fuzzer's time. */
    private static final int MAX_ATTACHMENTS = 64;

    /** The text of one packet, as a WebSocket text frame or one polling packet carries it. */
    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) throws Exception {
        roundTrip(new String(input, StandardCharsets.UTF_8), List.of());
    }

    /**
     * A packet text then its attachments, separated by 0xff bytes. A binary packet gets exactly the
     * attachments its header announces: the given ones first, then empty ones.
     */
    @FuzzTest(maxDuration = "30s")
    void reconstruct(byte[] input) throws Exception {
        List<byte[]> parts = split(input);
        roundTrip(new String(parts.get(0), StandardCharsets.UTF_8), parts.subList(1, parts.size()));
    }

    private static void roundTrip(String text, List<byte[]> given) throws Exception {
        SocketPacket packet;
        try {
            packet = complete(SocketPacketDecoder.decode(text), given);
        } catch (SocketIoParseException e) {
            return;
        }
        if (packet == null) {
            return;
        }
        EncodedSocketPacket encoded = SocketPacketEncoder.encode(packet);
        SocketPacket again = complete(SocketPacketDecoder.decode(encoded.text()), encoded.attachments());
        assertThat(again).as("decode(encode(%s)) from %s", encoded.text(), text).isEqualTo(packet);
    }

    /** The packet with its placeholders replaced, or null when it announces too many attachments. */
    private static SocketPacket complete(SocketPacket p, List<byte[]> given) throws SocketIoParseException {
        if (!p.type().isBinary()) {
            return p;
        }
        if (p.attachments() > MAX_ATTACHMENTS) {
            return null;
        }
        List<byte[]> attachments = new ArrayList<>(given.subList(0, Math.min(given.size(), p.attachments())));
        while (attachments.size() < p.attachments()) {
            attachments.add(new byte[0]);
        }
        return SocketPacketDecoder.reconstruct(p, attachments);
    }

    private static List<byte[]> split(byte[] input) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == SEPARATOR) {
                parts.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return parts;
    }
}
