package io.switchboard.loadtool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoreClientIdTest {

    @Test
    void encodesRunSequenceAndIntendedSendTime() {
        assertThat(new StoreClientId(4711, 12, 3_000_000_000L).encode()).isEqualTo("st.4711.12.3000000000");
    }

    @Test
    void parsesWhatItEncodes() {
        Random random = new Random(20_251_122L);
        for (int i = 0; i < 1000; i++) {
            StoreClientId id = new StoreClientId(
                    random.nextInt(1_000_000), random.nextLong(1L << 40), random.nextLong(999_999_999_999_999_999L));
            assertThat(parse(id.encode())).isEqualTo(id);
        }
    }

    @Test
    void largestValuesStayInsideTheProtocolsSixtyFourCharacterLimit() {
        String id = new StoreClientId(Integer.MAX_VALUE, 999_999_999_999_999_999L, 999_999_999_999_999_999L).encode();

        assertThat(id.length()).isLessThanOrEqualTo(64);
        assertThat(parse(id)).isNotNull();
    }

    @Test
    void parsesOnlyTheGivenRangeOfALargerBuffer() {
        ByteBuf buf = buf("\"clientId\":\"st.1.2.3\",");

        assertThat(StoreClientId.parse(buf, 12, 20)).isEqualTo(new StoreClientId(1, 2, 3));
    }

    @Test
    void idsOfOtherClientsAreNotOurs() {
        assertThat(parse("c-7")).isNull();
        assertThat(parse("lt:1:2:3:")).isNull();
        assertThat(parse("st.1.2")).isNull();
        assertThat(parse("st.1.2.3.4")).isNull();
        assertThat(parse("st.1..3")).isNull();
        assertThat(parse("st.1.2.3x")).isNull();
        assertThat(parse("st.-1.2.3")).isNull();
    }

    @Test
    void numbersTooLongForALongAreRejectedNotWrapped() {
        assertThat(parse("st.1.2.9999999999999999999")).isNull();
        assertThat(parse("st.99999999999.2.3")).isNull();
    }

    @Test
    void negativeFieldsCannotBeEncoded() {
        assertThatThrownBy(() -> new StoreClientId(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static StoreClientId parse(String text) {
        ByteBuf buf = buf(text);
        return StoreClientId.parse(buf, buf.readerIndex(), buf.writerIndex());
    }

    private static ByteBuf buf(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
