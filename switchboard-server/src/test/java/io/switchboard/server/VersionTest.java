package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionTest {

    @Test
    void versionFlagPrintsTheBuildVersionAndCommit() {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));

        int exit = cmd.execute("--version");

        assertThat(exit).isZero();
        assertThat(out.toString().trim())
                .matches("Switchboard \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{7,40}|unknown)\\)");
        assertThat(out.toString()).contains(BuildInfo.version()).doesNotContain("${");
    }

    @Test
    void buildInfoHasTheVersionTheBuildFilteredIn() {
        assertThat(BuildInfo.version()).isNotEqualTo(BuildInfo.UNKNOWN).doesNotContain("${");
        assertThat(BuildInfo.commit()).doesNotContain("${");
    }
}
