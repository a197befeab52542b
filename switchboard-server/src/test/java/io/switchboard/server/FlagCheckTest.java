package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlagCheckTest {
    @Test
    void aValueInsideItsRangeIsReturned() {
        assertThat(FlagCheck.range("--max-frame-bytes", 125, 125, 16_777_216)).isEqualTo(125);
        assertThat(FlagCheck.range("--max-outbound-bytes", 1L << 30, 1024, 1L << 30))
                .isEqualTo(1L << 30);
    }

    @Test
    void aValueOutsideItsRangeNamesTheFlagTheRangeAndTheValue() {
        assertThatThrownBy(() -> FlagCheck.range("--max-frame-bytes", 0, 125, 16_777_216))
                .isInstanceOf(StartupException.class)
                .hasMessage("--max-frame-bytes must be between 125 and 16777216, got 0");
    }

    @Test
    void aRateMustBePositive() {
        assertThat(FlagCheck.positive("--rate-limit", 0.5, 1e9)).isEqualTo(0.5);
        assertThatThrownBy(() -> FlagCheck.positive("--rate-limit", 0, 1e9))
                .hasMessage("--rate-limit must be more than 0 and at most 1000000000, got 0");
        assertThatThrownBy(() -> FlagCheck.positive("--rate-limit", Double.NaN, 1e9))
                .isInstanceOf(StartupException.class);
    }

    @Test
    void anUnknownIoBackendNamesTheFlagItCameFromAndTheChoices() {
        assertThatThrownBy(() -> IoBackend.choose("bogus", "--transport"))
                .isInstanceOf(StartupException.class)
                .hasMessage("--transport must be auto, io_uring, epoll or nio, got bogus");
        assertThat(IoBackend.choose("nio", "--io")).isEqualTo(IoBackend.NIO);
        assertThat(IoBackend.choose("auto", "--io").available()).isTrue();
    }
}
