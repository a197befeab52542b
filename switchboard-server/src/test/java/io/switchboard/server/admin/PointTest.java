package io.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PointTest {
    private static Snapshot snapshot(long messages, long deliveries, double appendSeconds, long appends) {
        return new Snapshot(
                Map.of("websocket", 3L), messages, deliveries, appendSeconds, appends, 2L, 1, List.of(), null, null);
    }

    @Test
    void countersBecomeRatesOverTheTimeBetweenReadings() {
        Point p = Point.between(snapshot(100, 1000, 1.0, 10), snapshot(150, 1500, 1.5, 20), 2.0, 42);

        assertThat(p.t()).isEqualTo(42);
        assertThat(p.messagesPerSecond()).isEqualTo(25.0);
        assertThat(p.deliveriesPerSecond()).isEqualTo(250.0);
        assertThat(p.storageAppendMillis()).isEqualTo(50.0);
        assertThat(p.storageQueueDepth()).isEqualTo(2L);
        assertThat(p.connections()).containsEntry("websocket", 3L);
    }

    @Test
    void theFirstReadingHasZeroRatesAndNoStorageTime() {
        Point p = Point.between(null, snapshot(100, 1000, 1.0, 10), 0, 1);

        assertThat(p.messagesPerSecond()).isZero();
        assertThat(p.storageAppendMillis()).isNull();
    }

    @Test
    void aSecondWithoutAppendsHasNoStorageTimeRatherThanZero() {
        Point p = Point.between(snapshot(1, 1, 1.0, 10), snapshot(1, 1, 1.0, 10), 1.0, 1);

        assertThat(p.storageAppendMillis()).isNull();
    }

    @Test
    void figuresTheSourceCannotTellStayUnknown() {
        Snapshot unknown = new Snapshot(Map.of(), null, null, null, null, null, 0, List.of(), null, null);
        Point p = Point.between(unknown, unknown, 1.0, 1);

        assertThat(p.messagesPerSecond()).isNull();
        assertThat(p.deliveriesPerSecond()).isNull();
        assertThat(p.storageQueueDepth()).isNull();
        assertThat(p.slowConsumerCloses()).isNull();
    }

    @Test
    void aCounterThatWentBackwardsIsNotANegativeRate() {
        Point p = Point.between(snapshot(100, 100, 1.0, 1), snapshot(5, 5, 1.0, 1), 1.0, 1);

        assertThat(p.messagesPerSecond()).isZero();
    }
}
