package io.switchboard.loadtool.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.loadtool.common.ServerGc;
import io.switchboard.loadtool.idle.IdleResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    @Test
    void eachTargetGetsAColumnAndTheFirstIsTheBaselineOfTheRatio() {
        List<FanoutResult> fanout = List.of(fanout("ws", 12.0), fanout("switchboard", 3.0));
        List<IdleResult> idle = List.of(new IdleResult(
                "idle",
                "switchboard",
                "ws://127.0.0.1:3201/",
                1000,
                1000,
                100_000,
                110_240,
                10.24,
                ServerGc.Method.JCMD,
                -1));

        String table = ComparisonTable.render(List.of("switchboard", "ws"), fanout, idle);

        assertThat(table).startsWith("| metric | switchboard | ws |\n|---|---:|---:|\n");
        assertThat(table).contains("| **server CPU per delivery (µs)** | **3.00** | **12.00** |");
        assertThat(table).contains("| **idle: RSS per connection (KiB)** | **10.2** | – |");
        assertThat(table).contains("switchboard / ws = 0.25");
    }

    private static FanoutResult fanout(String label, double cpuPerDelivery) {
        return new FanoutResult(
                "fanout",
                label,
                "ws://127.0.0.1:1/",
                1000,
                1000,
                50,
                30,
                10,
                64,
                1500,
                1_500_000,
                1_500_000,
                0,
                0,
                1,
                2,
                3,
                4,
                5,
                30,
                1_500_000,
                50_000,
                cpuPerDelivery,
                50,
                20,
                1,
                5,
                0,
                0,
                0.1);
    }
}
