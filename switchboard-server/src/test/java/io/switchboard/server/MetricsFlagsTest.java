package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MetricsFlagsTest {
    private static Main parse(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    @Test
    void metricsAreOnByDefaultOnTheMainPort() {
        Main main = parse();
        assertThat(main.metrics).isTrue();
        assertThat(main.metricsPort).isNull();
    }

    @Test
    void noMetricsAndMetricsFalseTurnThemOff() {
        assertThat(parse("--no-metrics").metrics).isFalse();
        assertThat(parse("--metrics=false").metrics).isFalse();
        assertThat(parse("--metrics").metrics).isTrue();
    }

    @Test
    void metricsPortNamesAPortOfTheirOwn() {
        assertThat(parse("--metrics-port", "9400").metricsPort).isEqualTo(9400);
    }
}
