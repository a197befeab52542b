package io.switchboard.loadtool.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.loadtool.common.LoopbackTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportsCommandTest {

    @Test
    void baseUrlMapsToTheWebSocketEndpointOnTheSamePort() {
        LoopbackTarget target = TransportsCommand.webSocketTarget("http://127.0.0.1:3977");

        assertThat(target.uri().toString()).isEqualTo("ws://127.0.0.1:3977/ws");
        assertThat(target.address().getPort()).isEqualTo(3977);
    }

    @Test
    void baseElsewhereThanThisMachineIsRefused() {
        assertThatThrownBy(() -> TransportsCommand.webSocketTarget("http://10.0.0.1:3000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> TransportsCommand.webSocketTarget("https://127.0.0.1:3000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://");
    }

    @Test
    void transportListKeepsOrderAndRefusesUnknownOrRepeatedNames() {
        assertThat(TransportsKind.parseList("poll, websocket"))
                .containsExactly(TransportsKind.POLL, TransportsKind.WEBSOCKET);
        assertThatThrownBy(() -> TransportsKind.parseList("sse,comet")).hasMessageContaining("comet");
        assertThatThrownBy(() -> TransportsKind.parseList("sse,sse")).hasMessageContaining("twice");
    }

    @Test
    void tableHasOneRowPerTransportAndDashesForUnmeasuredCpu() {
        String table = TransportsTable.render(List.of(
                TransportsChartTest.result("websocket", 150, 2, 9, Double.NaN),
                TransportsChartTest.result("poll", 170, 500, 1000, 60)));

        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().toList().get(2)).startsWith("| websocket |").contains("| – |");
    }
}
