package io.switchboard.loadtool.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoreReplyParserTest {

    private static final StoreClientId ID = new StoreClientId(9, 3, 15);

    @Test
    void ackYieldsTheClientIdItEchoes() {
        StoreReply reply = parse("{\"type\":\"ack\",\"room\":\"bench-1\",\"id\":5,\"clientId\":\"st.9.3.15\","
                + "\"duplicate\":false,\"ref\":\"st.9.3.15\"}");

        assertThat(reply).isEqualTo(new StoreReply.Ack(ID, false));
    }

    @Test
    void ackOfAnAlreadyStoredClientIdIsFlaggedDuplicate() {
        StoreReply reply = parse(
                "{\"type\":\"ack\",\"room\":\"bench-1\",\"id\":5,\"clientId\":\"st.9.3.15\"," + "\"duplicate\":true}");

        assertThat(reply).isEqualTo(new StoreReply.Ack(ID, true));
    }

    @Test
    void ackWithoutOurClientIdAnswersNobodyOfTheRun() {
        assertThat(parse("{\"type\":\"ack\",\"room\":\"lobby\",\"id\":5,\"duplicate\":false}"))
                .isEqualTo(StoreReply.OTHER);
        assertThat(parse("{\"type\":\"ack\",\"room\":\"lobby\",\"id\":5,\"clientId\":\"c-7\",\"duplicate\":false}"))
                .isEqualTo(StoreReply.OTHER);
    }

    @Test
    void unavailableErrorIsMatchedToItsMessageThroughTheRef() {
        StoreReply reply = parse("{\"type\":\"error\",\"code\":\"unavailable\","
                + "\"message\":\"could not store or read history; try again\",\"ref\":\"st.9.3.15\"}");

        assertThat(reply).isEqualTo(new StoreReply.Rejected("unavailable", ID));
    }

    @Test
    void rateLimitedErrorHasNoRefAndNamesNoMessage() {
        StoreReply reply =
                parse("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"too many commands; slow down\"}");

        assertThat(reply).isEqualTo(new StoreReply.Rejected("rate_limited", null));
    }

    @Test
    void aRefQuotedInsideAnErrorMessageIsNotTheRef() {
        StoreReply reply = parse(
                "{\"type\":\"error\",\"code\":\"bad_request\"," + "\"message\":\"say \\\"ref\\\":\\\"st.9.3.15\\\"\"}");

        assertThat(reply).isEqualTo(new StoreReply.Rejected("bad_request", null));
    }

    @Test
    void broadcastCopyOfAMessageIsDroppedEvenThoughItCarriesTheClientId() {
        StoreReply reply =
                parse("{\"type\":\"message\",\"message\":{\"id\":5,\"room\":\"bench-1\",\"from\":\"guest-1\","
                        + "\"text\":\"xxxx\",\"timestamp\":1763780000000,\"clientId\":\"st.9.3.15\"}}");

        assertThat(reply).isEqualTo(StoreReply.OTHER);
    }

    @Test
    void joinedIsRecognised() {
        assertThat(parse("{\"type\":\"joined\",\"room\":\"bench-1\",\"epoch\":\"e\",\"messages\":[],\"more\":false,"
                        + "\"members\":[]}"))
                .isEqualTo(StoreReply.JOINED);
    }

    @Test
    void parsingReadsTheReadableBytesAndLeavesTheIndexesAlone() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes("garbage".getBytes(StandardCharsets.US_ASCII));
        buf.writeBytes("{\"type\":\"ack\",\"clientId\":\"st.9.3.15\",\"duplicate\":false}"
                .getBytes(StandardCharsets.US_ASCII));
        buf.readerIndex("garbage".length());

        assertThat(StoreReplyParser.parse(buf)).isEqualTo(new StoreReply.Ack(ID, false));
        assertThat(buf.readerIndex()).isEqualTo("garbage".length());
    }

    @Test
    void truncatedFramesAreNotMisread() {
        assertThat(parse("{\"type\":\"ack\",\"clientId\":\"st.9.3.15")).isEqualTo(StoreReply.OTHER);
        assertThat(parse("{\"type\":\"ac")).isEqualTo(StoreReply.OTHER);
        assertThat(parse("")).isEqualTo(StoreReply.OTHER);
    }

    private static StoreReply parse(String json) {
        return StoreReplyParser.parse(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }
}
