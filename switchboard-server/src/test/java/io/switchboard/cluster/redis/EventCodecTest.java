package io.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.NodeId;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final NodeId NODE = new NodeId("node-1");
    private static final Member ANN = new Member(new SessionId("p-ann"), "ann");

    private static HubEvent roundTrip(HubEvent event) {
        EventCodec.Received received = EventCodec.decode(EventCodec.encode(NODE, event));
        assertThat(received.node()).isEqualTo(NODE);
        return received.event();
    }

    @Test
    void aMessageTravelsWithEveryFieldIncludingTheAbsentOnes() {
        HubEvent full = new HubEvent.MessagePosted(
                new ChatMessage(42, "lobby", "ann", "hé \"quoted\"\n", 1_700_000_000_000L, "c-1", "p-ann"),
                new SessionId("s-1"));
        assertThat(roundTrip(full)).isEqualTo(full);
        HubEvent bare = new HubEvent.MessagePosted(new ChatMessage(1, "lobby", "bob", "hi", 5, null, null), null);
        assertThat(roundTrip(bare)).isEqualTo(bare);
    }

    @Test
    void presenceAndTypingTravelWithTheirMemberAndOrigin() {
        for (HubEvent.PresenceKind kind : HubEvent.PresenceKind.values()) {
            HubEvent presence = new HubEvent.PresenceChanged("lobby", kind, ANN, new SessionId("s-2"));
            assertThat(roundTrip(presence)).isEqualTo(presence);
        }
        HubEvent typing = new HubEvent.TypingChanged("lobby", ANN, true, new SessionId("s-2"));
        assertThat(roundTrip(typing)).isEqualTo(typing);
    }

    @Test
    void anEventOfATypeThisNodeDoesNotKnowIsSkipped() {
        assertThat(EventCodec.decode("{\"node\":\"n2\",\"type\":\"reaction\",\"room\":\"lobby\"}"))
                .isNull();
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> EventCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
