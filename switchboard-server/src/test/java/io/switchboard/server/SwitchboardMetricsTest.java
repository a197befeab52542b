package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.switchboard.metrics.CloseReason;
import io.switchboard.metrics.Connections;
import io.switchboard.metrics.DropReason;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.metrics.Transport;
import io.switchboard.socketio.internal.websocket.CloseReasons;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchboardMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SwitchboardMetrics metrics = new SwitchboardMetrics(registry);

    private Scrape scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return new Scrape(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void connectionsAreCountedOpenAndClosedPerTransportAndReason() throws Exception {
        metrics.connectionOpened(Transport.SSE);
        metrics.connectionOpened(Transport.SSE);
        metrics.connectionClosed(Transport.SSE, CloseReason.SLOW_CONSUMER);

        Scrape s = scrape();
        assertThat(s.value("switchboard_connections", "transport", "sse")).isEqualTo(1);
        assertThat(s.value("switchboard_connections_opened_total", "transport", "sse"))
                .isEqualTo(2);
        assertThat(s.value("switchboard_connections_closed_total", "transport", "sse", "reason", "slow_consumer"))
                .isEqualTo(1);
        // every combination is bound up front, so a rate of zero is a sample, not a gap
        assertThat(s.has("switchboard_connections_closed_total", "transport", "stream", "reason", "idle"))
                .isTrue();
    }

    @Test
    void messagesDeliveriesDropsAndRecoveriesAreCounted() throws Exception {
        metrics.messageReceived(Transport.WEBSOCKET_NATIVE);
        metrics.messagesStored(1);
        metrics.delivered(Transport.STREAM);
        metrics.delivered(Transport.STREAM);
        metrics.dropped(DropReason.SLOW_CONSUMER);
        metrics.resumed(false);
        metrics.resumed(true);
        metrics.rateLimited();

        Scrape s = scrape();
        assertThat(s.value("switchboard_messages_received_total", "transport", "websocket_native"))
                .isEqualTo(1);
        assertThat(s.value("switchboard_messages_stored_total")).isEqualTo(1);
        assertThat(s.value("switchboard_deliveries_total", "transport", "stream"))
                .isEqualTo(2);
        assertThat(s.value("switchboard_deliveries_dropped_total", "reason", "slow_consumer"))
                .isEqualTo(1);
        assertThat(s.value("switchboard_recovery_total", "result", "exact")).isEqualTo(1);
        assertThat(s.value("switchboard_recovery_total", "result", "reset")).isEqualTo(1);
        assertThat(s.value("switchboard_rate_limited_total")).isEqualTo(1);
    }

    @Test
    void storageBatchesAreHistogramsOfSecondsAndSizes() throws Exception {
        metrics.storageBatch(3, 2_000_000);
        metrics.storageFailed();

        Scrape s = scrape();
        assertThat(s.value("switchboard_storage_append_seconds_count")).isEqualTo(1);
        assertThat(s.value("switchboard_storage_append_seconds_sum")).isEqualTo(0.002);
        assertThat(s.value("switchboard_storage_append_seconds_bucket", "le", "0.0025"))
                .isEqualTo(1);
        assertThat(s.value("switchboard_storage_batch_size_bucket", "le", "2.0"))
                .isEqualTo(0);
        assertThat(s.value("switchboard_storage_batch_size_bucket", "le", "4.0"))
                .isEqualTo(1);
        assertThat(s.value("switchboard_storage_errors_total")).isEqualTo(1);
    }

    @Test
    void aScrapedHistogramCountsTheValuesItsSourceHasAtScrape() throws Exception {
        List<Long> sizes = List.of(1L, 3L, 3L, 700L);
        registry.register(
                new ScrapedHistogram("sizes", "test", new double[] {1, 5, 10}, out -> sizes.forEach(out::accept)));

        Scrape s = scrape();
        assertThat(s.value("sizes_bucket", "le", "1.0")).isEqualTo(1);
        assertThat(s.value("sizes_bucket", "le", "5.0")).isEqualTo(3);
        assertThat(s.value("sizes_bucket", "le", "10.0")).isEqualTo(3);
        assertThat(s.value("sizes_bucket", "le", "+Inf")).isEqualTo(4);
        assertThat(s.value("sizes_count")).isEqualTo(4);
        assertThat(s.value("sizes_sum")).isEqualTo(707);
    }

    @Test
    void aCloseFrameTheServerSentNamesTheReason() {
        assertThat(Connections.reasonOf(CloseReasons.SLOW_CONSUMER)).isEqualTo(CloseReason.SLOW_CONSUMER);
        assertThat(Connections.reasonOf(CloseReasons.IDLE_TIMEOUT)).isEqualTo(CloseReason.IDLE);
        assertThat(Connections.reasonOf(CloseReasons.SHUTTING_DOWN)).isEqualTo(CloseReason.SHUTDOWN);
        assertThat(Connections.reasonOf(CloseReasons.MESSAGE_TOO_BIG)).isEqualTo(CloseReason.PROTOCOL_ERROR);
        assertThat(Connections.reasonOf(WebSocketCloseStatus.INTERNAL_SERVER_ERROR))
                .isEqualTo(CloseReason.ERROR);
    }

    @Test
    void buildInfoIsReadFromTheFilteredResource() {
        assertThat(BuildInfo.version()).isNotEqualTo(BuildInfo.UNKNOWN).doesNotStartWith("${");
        assertThat(BuildInfo.commit()).isNotBlank().doesNotStartWith("${");
    }
}
