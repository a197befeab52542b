package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ComponentsTest {

    @Test
    void aRedisUrlLettuceCannotUseIsAStartupErrorWithoutThePassword() {
        ServerConfig config = ServerConfig.builder()
                .database(ServerConfig.MEMORY)
                .redis("redis://:s3cret@127.0.0.1:6379/not-a-number")
                .build();
        assertThatThrownBy(() -> Components.fromConfig(config))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("--redis redis://***@127.0.0.1:6379/not-a-number")
                .message()
                .doesNotContain("s3cret");
    }
}
