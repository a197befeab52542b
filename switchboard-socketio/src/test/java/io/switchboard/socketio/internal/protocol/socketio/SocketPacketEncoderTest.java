package io.switchboard.socketio.internal.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocketPacketEncoderTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void connectReplyToMainNamespaceOmitsIt() {
        EncodedSocketPacket e = SocketPacketEncoder.encode(SocketPacket.of(
                SocketPacketType.CONNECT,
                "/",
                SocketPacket.NO_ACK,
                F.objectNode().put("sid", "x")));
        assertThat(e.text()).isEqualTo("0{\"sid\":\"x\"}");
    }

    @Test
    void connectErrorNamesItsNamespace() {
        EncodedSocketPacket e = SocketPacketEncoder.encode(SocketPacket.of(
                SocketPacketType.CONNECT_ERROR,
                "/random",
                SocketPacket.NO_ACK,
                F.objectNode().put("message", "Invalid namespace")));
        assertThat(e.text()).isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void ackCarriesItsId() {
        ArrayNode data = F.arrayNode().add(1).add("2");
        EncodedSocketPacket e = SocketPacketEncoder.encode(SocketPacket.of(SocketPacketType.ACK, "/", 456, data));
        assertThat(e.text()).isEqualTo("3456[1,\"2\"]");
    }

    @Test
    void binaryArgumentsBecomePlaceholdersAndAttachments() {
        ArrayNode data =
                F.arrayNode().add("message-back").add(new byte[] {1, 2, 3}).add(new byte[] {4, 5, 6});
        EncodedSocketPacket e = SocketPacketEncoder.encode(
                SocketPacket.of(SocketPacketType.EVENT, "/custom", SocketPacket.NO_ACK, data));
        assertThat(e.text())
                .isEqualTo(
                        "5" // BINARY_EVENT
                                + "2-" // two attachments
                                + "/custom," // namespace
                                + "[\"message-back\",{\"_placeholder\":true,\"num\":0},"
                                + "{\"_placeholder\":true,\"num\":1}]");
        assertThat(e.attachments()).hasSize(2);
        assertThat(e.attachments().get(1)).containsExactly(4, 5, 6);
        assertThat(data.get(1).isBinary()).as("the packet is not changed").isTrue();
    }

    @Test
    void binaryAckUsesTheBinaryAckType() {
        ArrayNode data = F.arrayNode().add(new byte[] {9});
        EncodedSocketPacket e = SocketPacketEncoder.encode(SocketPacket.of(SocketPacketType.ACK, "/", 789, data));
        assertThat(e.text()).isEqualTo("61-789[{\"_placeholder\":true,\"num\":0}]");
    }

    /** A broadcast queues one packet for every recipient: built once, its WebSocket payload in UTF-8. */
    @Test
    void theEngineMessageIsBuiltOnceWithItsPayloadEncoded() {
        ArrayNode data = F.arrayNode().add("presence").add("h\u00e9llo \u2603");
        EncodedSocketPacket e =
                SocketPacketEncoder.encode(SocketPacket.of(SocketPacketType.EVENT, "/", SocketPacket.NO_ACK, data));
        EnginePacket m = e.message();
        assertThat(e.message()).isSameAs(m);
        assertThat(m).isEqualTo(EnginePacket.message(e.text()));
        assertThat(new String(m.frame(), StandardCharsets.UTF_8)).isEqualTo("4" + e.text());
        assertThat(e.text()).isEqualTo("2[\"presence\",\"h\u00e9llo \u2603\"]");
    }

    /** A recoverable broadcast's recipients at the same offset share one packet, text and payload. */
    @Test
    void recipientsAtTheSameOffsetShareOnePacket() {
        ArrayNode data = F.arrayNode().add("message").add("hi");
        EncodedSocketPacket e =
                SocketPacketEncoder.encode(SocketPacket.of(SocketPacketType.EVENT, "/", SocketPacket.NO_ACK, data));
        EncodedSocketPacket first = e.withOffset("AAA");
        assertThat(first.text()).isEqualTo("2[\"message\",\"hi\",\"AAA\"]");
        assertThat(e.withOffset(new String("AAA".toCharArray()))).isSameAs(first);
        assertThat(e.withOffset("AAA").message()).isSameAs(first.message());
        EncodedSocketPacket other = e.withOffset("AAB");
        assertThat(other.text()).isEqualTo("2[\"message\",\"hi\",\"AAB\"]");
        assertThat(e.withOffset("AAA").text()).as("another offset again").isEqualTo(first.text());
    }

    /** Pre-encoded JSON in the tree (a join's member list) is written as it is. */
    @Test
    void rawJsonInTheTreeIsWrittenAsItIs() {
        ArrayNode data = F.arrayNode();
        data.addObject().put("room", "r").putRawValue("members", new RawValue("[{\"nick\":\"a\"}]"));
        EncodedSocketPacket e = SocketPacketEncoder.encode(SocketPacket.of(SocketPacketType.ACK, "/", 7, data));
        assertThat(e.text()).isEqualTo("37[{\"room\":\"r\",\"members\":[{\"nick\":\"a\"}]}]");
    }
}
