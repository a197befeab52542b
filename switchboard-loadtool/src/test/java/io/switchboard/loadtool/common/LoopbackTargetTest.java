package io.switchboard.loadtool.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopbackTargetTest {

    @Test
    void anyAddressIn127Slash8IsAccepted() {
        LoopbackTarget target = LoopbackTarget.parse("ws://127.1.2.3:3201/");

        assertThat(target.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(target.address().getPort()).isEqualTo(3201);
        assertThat(target.uri().toString()).isEqualTo("ws://127.1.2.3:3201/");
    }

    @Test
    void ipv6LoopbackAndLocalhostAreAccepted() {
        assertThat(LoopbackTarget.parse("ws://[::1]:3000/ws")
                        .address()
                        .getAddress()
                        .isLoopbackAddress())
                .isTrue();
        assertThat(LoopbackTarget.parse("ws://localhost:3000/")
                        .address()
                        .getAddress()
                        .isLoopbackAddress())
                .isTrue();
    }

    @Test
    void aMissingPathBecomesTheRoot() {
        assertThat(LoopbackTarget.parse("ws://127.0.0.1:3000").uri().getPath()).isEqualTo("/");
    }

    @Test
    void otherAddressesAreRefused() {
        assertThatThrownBy(() -> LoopbackTarget.parse("ws://10.0.0.1:3000/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only targets this machine");
        assertThatThrownBy(() -> LoopbackTarget.parse("ws://0.0.0.0:3000/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoopbackTarget.parse("ws://[2001:db8::1]:3000/"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostNamesOtherThanLocalhostAreRefusedWithoutALookup() {
        assertThatThrownBy(() -> LoopbackTarget.parse("ws://127.0.0.1.example.com/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a name");
    }

    @Test
    void schemesOtherThanWsAreRefused() {
        assertThatThrownBy(() -> LoopbackTarget.parse("wss://127.0.0.1/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoopbackTarget.parse("http://127.0.0.1/"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTargetIsLabelUrlAndPidSplitAtTheLastAt() {
        TargetSpec spec = TargetSpec.parse("switchboard=ws://127.0.0.1:3201/?a=b@4242");

        assertThat(spec.label()).isEqualTo("switchboard");
        assertThat(spec.target().uri().toString()).isEqualTo("ws://127.0.0.1:3201/?a=b");
        assertThat(spec.pid()).isEqualTo(4242);
    }

    @Test
    void aTargetWithoutPidIsRefused() {
        assertThatThrownBy(() -> TargetSpec.parse("ws=ws://127.0.0.1:3202/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label=url@pid");
    }
}
