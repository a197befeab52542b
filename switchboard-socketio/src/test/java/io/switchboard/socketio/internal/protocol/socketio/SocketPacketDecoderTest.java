package io.switchboard.socketio.internal.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SocketPacketDecoderTest {
    @Test
    void connectToMainNamespaceHasNoPayload() throws Exception {
        SocketPacket p = SocketPacketDecoder.decode("0");
        assertThat(p.type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(p.namespace()).isEqualTo("/");
        assertThat(p.data()).isNull();
    }

    @Test
    void connectCarriesNamespaceAndAuth() throws Exception {
        SocketPacket p = SocketPacketDecoder.decode(
                "0" // CONNECT
                        + "/custom," // namespace
                        + "{\"token\":\"abc\"}"); // auth payload
        assertThat(p.namespace()).isEqualTo("/custom");
        assertThat(p.data().get("token").asText()).isEqualTo("abc");
    }

    @Test
    void namespaceMayRunToTheEnd() throws Exception {
        assertThat(SocketPacketDecoder.decode("0/random").namespace()).isEqualTo("/random");
        assertThat(SocketPacketDecoder.decode("1/custom").type()).isEqualTo(SocketPacketType.DISCONNECT);
    }

    @Test
    void eventWithAckIdKeepsItsArguments() throws Exception {
        SocketPacket p = SocketPacketDecoder.decode(
                "2" // EVENT
                        + "456" // ack id
                        + "[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"); // event name and args
        assertThat(p.ackId()).isEqualTo(456);
        assertThat(p.data().get(0).asText()).isEqualTo("message-with-ack");
        assertThat(p.data().size()).isEqualTo(4);
    }

    @Test
    void binaryEventIsRebuiltFromItsAttachments() throws Exception {
        SocketPacket p = SocketPacketDecoder.decode(
                "5" // BINARY_EVENT
                        + "2-" // two attachments follow
                        + "[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(p.attachments()).isEqualTo(2);
        SocketPacket full = SocketPacketDecoder.reconstruct(p, List.of(new byte[] {1, 2, 3}, new byte[] {4, 5, 6}));
        assertThat(full.type()).isEqualTo(SocketPacketType.EVENT);
        assertThat(full.data().get(1).binaryValue()).containsExactly(1, 2, 3);
        assertThat(full.data().get(2).binaryValue()).containsExactly(4, 5, 6);
    }

    @Test
    void placeholderWithoutAttachmentIsRejected() throws Exception {
        SocketPacket p = SocketPacketDecoder.decode("51-[\"m\",{\"_placeholder\":true,\"num\":3}]");
        assertThatThrownBy(() -> SocketPacketDecoder.reconstruct(p, List.of(new byte[] {1})))
                .isInstanceOf(SocketIoParseException.class);
    }

    @Test
    void malformedPacketsAreRejected() {
        for (String bad : List.of(
                "", // nothing
                "abc", // unknown type
                "7", // type out of range
                "2{}", // event payload must be an array
                "2[]", // event needs a name
                "2abc[\"message-with-ack\",1]", // ack id is not a number
                "2[\"a\"", // truncated JSON
                "0[1]", // connect payload must be an object
                "1{}", // disconnect has no payload
                "5[\"m\"]", // binary event without attachment count
                "5x-[\"m\"]", // attachment count is not a number
                "3[1]")) { // ack without id
            assertThatThrownBy(() -> SocketPacketDecoder.decode(bad))
                    .as(bad)
                    .isInstanceOf(SocketIoParseException.class);
        }
    }
}
