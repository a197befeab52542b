package io.switchboard.loadtool.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuWindowTest {

    @Test
    void cpuPerDeliveryDividesByTheFramesDeliveredInTheWindow() {
        // 30 s window, 15 s of server CPU (50% of a core), 1.5 M frames delivered.
        CpuWindow.Usage usage = new CpuWindow.Usage(
                new ProcFs.CpuTime(12_000_000, 3_000_000),
                new ProcFs.CpuTime(2_000_000, 1_000_000),
                30_000_000,
                1_500_000);

        assertThat(usage.serverMicrosPerDelivery()).isEqualTo(10.0);
        assertThat(usage.serverPercent()).isEqualTo(50.0);
        assertThat(usage.serverKernelShare()).isEqualTo(20.0);
        assertThat(usage.toolMicrosPerDelivery()).isEqualTo(2.0);
        assertThat(usage.deliveriesPerSecond()).isEqualTo(50_000.0);
    }

    @Test
    void serverFiguresAreNotANumberWhenNoServerWasMeasured() {
        CpuWindow.Usage usage =
                new CpuWindow.Usage(new ProcFs.CpuTime(-1, 0), new ProcFs.CpuTime(3_000_000, 0), 30_000_000, 1_500_000);

        assertThat(usage.serverMicrosPerDelivery()).isNaN();
        assertThat(usage.serverPercent()).isNaN();
    }

    @Test
    void aWindowWithoutDeliveriesHasNoPerDeliveryFigure() {
        assertThat(new CpuWindow.Usage(new ProcFs.CpuTime(100, 0), new ProcFs.CpuTime(100, 0), 1_000_000, 0)
                        .serverMicrosPerDelivery())
                .isNaN();
    }

    @Test
    void aWindowCountsOnlyTheDeliveriesBetweenStartAndStop() {
        long[] frames = {1_000};
        CpuWindow window = new CpuWindow(ProcFs.selfPid(), () -> frames[0]);

        window.start();
        frames[0] = 4_000;
        CpuWindow.Usage usage = window.stop();

        assertThat(usage.deliveries()).isEqualTo(3_000);
        assertThat(usage.serverMeasured()).isTrue();
    }

    @Test
    void severalServerPidsAreSummed() {
        long self = ProcFs.selfPid();
        CpuWindow one = new CpuWindow(new long[] {self}, () -> 0);
        CpuWindow twice = new CpuWindow(new long[] {self, self}, () -> 0);
        one.start();
        twice.start();
        // spin until this process has used 200 ms more CPU (a busy machine only makes it take longer)
        long target = ProcFs.cpuTime(self).totalMicros() + 200_000;
        long spin = 0;
        while (ProcFs.cpuTime(self).totalMicros() < target) {
            spin++;
        }
        CpuWindow.Usage twiceUsage = twice.stop();
        CpuWindow.Usage oneUsage = one.stop();

        assertThat(spin).isPositive();
        assertThat(oneUsage.server().totalMicros()).isPositive();
        // the same process counted twice: twice its CPU, give or take the tick read between the stops
        assertThat(twiceUsage.server().totalMicros())
                .isBetween(
                        2 * oneUsage.server().totalMicros() - 50_000,
                        2 * oneUsage.server().totalMicros() + 50_000);
    }
}
