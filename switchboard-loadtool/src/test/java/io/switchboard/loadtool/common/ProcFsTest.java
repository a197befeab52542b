package io.switchboard.loadtool.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFsTest {

    // A real /proc/<pid>/stat line of a node process: utime (field 14) = 272, stime (15) = 297.
    private static final String NODE_STAT = "12912 (node) S 1 12908 4082 0 -1 4194304 17523 0 8 0 272 297 0 0 20 0 7"
            + " 0 73460 1018060800 13400 18446744073709551615 11988992 39846385 140722469246208 0 0 0 0 16781312 17922"
            + " 0 0 0 17 0 0 0 0 0 0 90418888 90555584 948633600 140722469247683 140722469247698 140722469247698"
            + " 140722469249002 0\n";

    private static final String STATUS =
            """
      Name:\tnode
      Umask:\t0022
      State:\tS (sleeping)
      VmPeak:\t 1018060 kB
      VmHWM:\t   70208 kB
      VmRSS:\t   53648 kB
      RssAnon:\t   30000 kB
      Threads:\t7
      """;

    @Test
    void cpuTimeIsUserAndSystemTicksInMicroseconds() {
        ProcFs.CpuTime time = ProcFs.parseCpuTime(NODE_STAT, 100);

        assertThat(time.userMicros()).isEqualTo(2_720_000);
        assertThat(time.systemMicros()).isEqualTo(2_970_000);
        assertThat(time.totalMicros()).isEqualTo(5_690_000);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String odd = NODE_STAT.replace("(node)", "(my (odd) name)");

        assertThat(ProcFs.parseCpuTime(odd, 100).totalMicros()).isEqualTo(5_690_000);
    }

    @Test
    void aTruncatedStatLineIsAnError() {
        assertThatThrownBy(() -> ProcFs.parseCpuTime("12912 (node) S 1 12908", 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcFs.parseCpuTime("garbage", 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void residentMemoryIsReadFromTheVmRssLineInKib() {
        assertThat(ProcFs.parseVmRssKib(STATUS)).isEqualTo(53648);
    }

    @Test
    void statusWithoutVmRssIsAnError() {
        assertThatThrownBy(() -> ProcFs.parseVmRssKib("Name:\tzombie\nState:\tZ (zombie)\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VmRSS");
    }

    @Test
    void thisProcessCanBeMeasured() {
        long pid = ProcFs.selfPid();

        assertThat(ProcFs.cpuTime(pid).totalMicros()).isPositive();
        assertThat(ProcFs.vmRssKib(pid)).isPositive();
        assertThat(ProcFs.command(pid)).isNotBlank();
    }
}
