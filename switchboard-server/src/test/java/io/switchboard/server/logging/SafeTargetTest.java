package io.switchboard.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTargetTest {

    @Test
    void aTokenInTheQueryStringIsMaskedAndTheOtherParametersKept() {
        assertThat(SafeTarget.of("/ws?client=abc&token=hunter2&after=3")).isEqualTo("/ws?client=abc&token=***&after=3");
    }

    @Test
    void secretNamesAreMatchedWhateverTheirCaseOrPrefix() {
        assertThat(SafeTarget.of("/x?Access_Token=a&ADMIN_TOKEN=b&password=c&api_key=d&client_secret=e"))
                .isEqualTo("/x?Access_Token=***&ADMIN_TOKEN=***&password=***&api_key=***&client_secret=***");
    }

    @Test
    void controlCharactersCannotForgeALogLine() {
        assertThat(SafeTarget.of("/a\u001b[31m\tb")).isEqualTo("/a?[31m?b");
    }

    @Test
    void aPathWithoutQueryIsUnchanged() {
        assertThat(SafeTarget.of("/api/rooms/lobby/events")).isEqualTo("/api/rooms/lobby/events");
    }
}
