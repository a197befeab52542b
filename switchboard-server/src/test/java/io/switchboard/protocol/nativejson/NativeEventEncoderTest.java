package io.switchboard.protocol.nativejson;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeEventEncoderTest {
    private final NativeEventEncoder encoder = new NativeEventEncoder();
    private final ChatMessage message = new ChatMessage(7, "lobby", "al\"ice", "<b>hi</b>", 1700000000000L, null);

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void messageEventHasTheDocumentedShape() {
        assertThat(s(encoder.hubEvent(new HubEvent.MessagePosted(message, null))))
                .isEqualTo("{\"type\":\"message\",\"message\":{\"id\":7,\"room\":\"lobby\",\"from\":\"al\\\"ice\","
                        + "\"text\":\"<b>hi</b>\",\"timestamp\":1700000000000}}");
    }

    @Test
    void joinedCarriesHistoryMembersAndRef() {
        String json = s(encoder.joined(
                "lobby",
                new HistoryPage(List.of(message), true),
                List.of(new Member(new SessionId("s-1"), "bob")),
                "e-1",
                null,
                "r1"));
        assertThat(json)
                .startsWith("{\"type\":\"joined\",\"room\":\"lobby\",\"epoch\":\"e-1\",\"messages\":[{\"id\":7,")
                .contains("\"more\":true,\"members\":[{\"sessionId\":\"s-1\",\"nick\":\"bob\"}]")
                .endsWith(",\"ref\":\"r1\"}");
    }

    @Test
    void errorCarriesTheWireCode() {
        assertThat(s(encoder.error(ErrorCode.NOT_IN_ROOM, "join first", null)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"not_in_room\",\"message\":\"join first\"}");
    }

    @Test
    void presenceUsesLowerCaseEventNames() {
        assertThat(s(encoder.hubEvent(new HubEvent.PresenceChanged(
                        "r", HubEvent.PresenceKind.RENAME, new Member(new SessionId("s-2"), "x")))))
                .contains("\"event\":\"rename\"");
    }
}
