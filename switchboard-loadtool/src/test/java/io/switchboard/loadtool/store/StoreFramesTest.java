package io.switchboard.loadtool.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreFramesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void clientsJoinTheRoomsRoundRobin() {
        assertThat(List.of(0, 1, 2, 3, 4).stream().map(i -> StoreFrames.roomOf(i, 3)))
                .containsExactly("bench-0", "bench-1", "bench-2", "bench-0", "bench-1");
    }

    @Test
    void sendCarriesTheClientIdAlsoAsRefSoErrorsCanBeMatched() throws Exception {
        JsonNode send = JSON.readTree(StoreFrames.send("bench-2", new StoreClientId(9, 3, 15), 5));

        assertThat(send.get("type").asText()).isEqualTo("send");
        assertThat(send.get("room").asText()).isEqualTo("bench-2");
        assertThat(send.get("text").asText()).isEqualTo("xxxxx");
        assertThat(send.get("clientId").asText()).isEqualTo("st.9.3.15");
        assertThat(send.get("ref").asText()).isEqualTo("st.9.3.15");
    }

    @Test
    void joinAsksForTheSmallestHistory() throws Exception {
        JsonNode join = JSON.readTree(StoreFrames.join("bench-0"));

        assertThat(join.get("type").asText()).isEqualTo("join");
        assertThat(join.get("room").asText()).isEqualTo("bench-0");
        assertThat(join.get("limit").asInt()).isEqualTo(1);
    }
}
