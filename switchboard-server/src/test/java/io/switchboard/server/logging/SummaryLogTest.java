package io.switchboard.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.hub.Hub;
import io.switchboard.metrics.SwitchboardMetrics;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SummaryLogTest {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SummaryLog.LOGGER);
    private Hub hub;

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void theLineCountsTheMessagesStoredInItsInterval() {
        hub = new Hub(
                new InMemoryHistoryStore(100),
                new InMemoryBroker(),
                Clock.systemUTC(),
                new SwitchboardMetrics(new PrometheusRegistry()));
        SummaryLog summary = new SummaryLog(hub, () -> 0, 60);
        hub.post(null, "alice", "lobby", "one", null).join();
        hub.post(null, "alice", "lobby", "two", null).join();
        // a post's future completes before its after-store step counts it; a later storage task runs after
        hub.historyAfter("lobby", 0, 1).join();

        summary.run();
        summary.run();

        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(0).getFormattedMessage()).contains("2 messages stored");
        assertThat(lines.list.get(1).getFormattedMessage()).contains("0 messages stored");
    }

    @Test
    void withMetricsOffTheLineLeavesOutTheCountsInsteadOfSayingZero() {
        hub = new Hub(new InMemoryHistoryStore(100), new InMemoryBroker(), Clock.systemUTC(), SwitchboardMetrics.off());
        SummaryLog summary = new SummaryLog(hub, () -> 0, 60);
        hub.post(null, "alice", "lobby", "one", null).join();

        summary.run();

        String line = lines.list.get(0).getFormattedMessage();
        assertThat(line).contains("message counts are off").doesNotContain("messages stored");
    }
}
