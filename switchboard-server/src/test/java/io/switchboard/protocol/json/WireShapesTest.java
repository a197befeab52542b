package io.switchboard.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChatMessage plain = new ChatMessage(7, "lobby", "al\"ice", "<b>hi</b>\n", 1700000000000L, null);
    private final ChatMessage full =
            new ChatMessage(3_000_000_000L, "lobby", "bob", "é ✓", 1700000000001L, "c-1", "m-9");
    private final Member bob = new Member(new SessionId("s-1"), "bob");

    private static String text(JsonOut.Body body) {
        return new String(JsonOut.bytes(body), StandardCharsets.UTF_8);
    }

    @Test
    void aMessageLeavesOutTheOptionalFieldsItDoesNotHave() {
        assertThat(text(g -> WireShapes.message(g, plain)))
                .isEqualTo("{\"id\":7,\"room\":\"lobby\",\"from\":\"al\\\"ice\",\"text\":\"<b>hi</b>\\n\","
                        + "\"timestamp\":1700000000000}");
    }

    @Test
    void aMessageCarriesItsClientIdAndSenderLast() {
        assertThat(text(g -> WireShapes.message(g, full)))
                .isEqualTo("{\"id\":3000000000,\"room\":\"lobby\",\"from\":\"bob\",\"text\":\"é ✓\","
                        + "\"timestamp\":1700000000001,\"clientId\":\"c-1\",\"sender\":\"m-9\"}");
    }

    @Test
    void aPageIsTwoFieldsOfTheObjectThatCarriesIt() {
        assertThat(text(g -> {
                    g.writeStartObject();
                    g.writeStringField("room", "lobby");
                    WireShapes.page(g, new HistoryPage(List.of(plain), true));
                    g.writeEndObject();
                }))
                .startsWith("{\"room\":\"lobby\",\"messages\":[{\"id\":7,")
                .endsWith("}],\"more\":true}");
    }

    @Test
    void membersAreAnArrayOfSessionIdAndNick() {
        assertThat(text(g -> WireShapes.members(g, List.of(bob, new Member(new SessionId("s-2"), "x")))))
                .isEqualTo("[{\"sessionId\":\"s-1\",\"nick\":\"bob\"},{\"sessionId\":\"s-2\",\"nick\":\"x\"}]");
    }

    @Test
    void anErrorMessageQuotingTheClientStaysValidJson() throws Exception {
        String json = text(g -> WireShapes.error(g, "not_found", "no route to /\n\"x\u0001"));

        assertThat(JSON.readTree(json).get("message").asText()).isEqualTo("no route to /\n\"x\u0001");
        assertThat(json).startsWith("{\"error\":\"not_found\",\"message\":");
    }

    @Test
    void aTreeOfAShapeSerializesToTheSameBytesAsTheShapeWrittenDirectly() throws Exception {
        JsonOut.Body joined = g -> {
            g.writeStartObject();
            g.writeStringField("room", "lobby");
            WireShapes.page(g, new HistoryPage(List.of(plain, full), false));
            g.writeFieldName("members");
            WireShapes.members(g, List.of(bob));
            g.writeFieldName("error");
            WireShapes.error(g, "bad_request", "x");
            g.writeEndObject();
        };

        assertThat(JSON.writeValueAsString(JsonOut.object(joined))).isEqualTo(text(joined));
    }
}
