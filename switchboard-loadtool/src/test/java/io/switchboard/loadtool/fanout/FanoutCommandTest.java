package io.switchboard.loadtool.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.loadtool.common.ClientProtocol;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FanoutCommandTest {

    @Test
    void repeatedUrlsAndPidsNameTheNodesOfACluster() {
        FanoutCommand command = new FanoutCommand();
        new CommandLine(command)
                .parseArgs(
                        "--url",
                        "ws://127.0.0.1:3401/ws",
                        "--url",
                        "ws://127.0.0.1:3402/ws",
                        "--url",
                        "ws://127.0.0.1:3403/ws",
                        "--server-pid",
                        "101",
                        "--server-pid",
                        "102",
                        "--server-pid",
                        "0",
                        "--senders",
                        "333",
                        "--series",
                        "--protocol",
                        "native");

        assertThat(command.targets()).extracting(t -> t.address().getPort()).containsExactly(3401, 3402, 3403);
        assertThat(command.pids()).as("0 means no server and is left out").containsExactly(101, 102);
        assertThat(command.senders).isEqualTo(333);
        assertThat(command.series).isTrue();
        assertThat(command.client.protocol).isEqualTo(ClientProtocol.NATIVE);
    }

    @Test
    void oneUrlWithoutPidsIsTheSingleServerRunAsBefore() {
        FanoutCommand command = new FanoutCommand();
        new CommandLine(command).parseArgs("--url", "ws://127.0.0.1:3000/");

        assertThat(command.targets()).hasSize(1);
        assertThat(command.pids()).isEmpty();
        assertThat(command.senders).isZero();
        assertThat(command.series).isFalse();
    }
}
