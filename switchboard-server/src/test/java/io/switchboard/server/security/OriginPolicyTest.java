package io.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy sameOrigin = OriginPolicy.SAME_ORIGIN;

    @Test
    void requestsWithoutOriginAndFromFileUrlPagesAreAllowed() {
        assertThat(sameOrigin.allows(null, "chat.example.com")).isTrue();
        assertThat(sameOrigin.allows("null", "chat.example.com")).isTrue();
    }

    @Test
    void aPageOfTheHostTheRequestWasSentToIsAllowed() {
        assertThat(sameOrigin.allows("http://127.0.0.1:3000", "127.0.0.1:3000")).isTrue();
        assertThat(sameOrigin.allows("http://Chat.Example.com", "chat.example.com"))
                .isTrue();
        assertThat(sameOrigin.allows("https://chat.example.com", "chat.example.com"))
                .isTrue();
        assertThat(sameOrigin.allows("https://chat.example.com", "chat.example.com:443"))
                .isTrue();
        assertThat(sameOrigin.allows("http://[::1]:3000", "[::1]:3000")).isTrue();
    }

    @Test
    void anotherHostOrPortIsRefused() {
        assertThat(sameOrigin.allows("https://evil.example", "chat.example.com"))
                .isFalse();
        assertThat(sameOrigin.allows("http://127.0.0.1:3001", "127.0.0.1:3000")).isFalse();
        assertThat(sameOrigin.allows("http://chat.example.com:3000", "chat.example.com"))
                .isFalse();
        assertThat(sameOrigin.allows("http://chat.example.com.evil.example", "chat.example.com"))
                .isFalse();
        assertThat(sameOrigin.allows("http://chat.example.com", null)).isFalse();
    }

    @Test
    void somethingThatIsNotAnOriginIsRefused() {
        assertThat(sameOrigin.allows("chat.example.com", "chat.example.com")).isFalse();
        assertThat(sameOrigin.allows("http://chat.example.com/path", "chat.example.com"))
                .isFalse();
        assertThat(sameOrigin.allows("http://user@chat.example.com", "chat.example.com"))
                .isFalse();
        assertThat(sameOrigin.allows("http://chat.example.com", "evil@chat.example.com"))
                .isFalse();
        assertThat(sameOrigin.allows("", "chat.example.com")).isFalse();
    }

    @Test
    void listedOriginsAreAllowedWithTheirDefaultPortFilledIn() {
        OriginPolicy p = OriginPolicy.allowing(List.of("https://app.example.com", "http://localhost:8080"));

        assertThat(p.allows("https://app.example.com:443", "chat.example.com")).isTrue();
        assertThat(p.allows("https://APP.example.com", "chat.example.com")).isTrue();
        assertThat(p.allows("http://localhost:8080", "chat.example.com")).isTrue();
        assertThat(p.allows("http://app.example.com", "chat.example.com"))
                .as("another scheme")
                .isFalse();
        assertThat(p.allows("http://localhost:8081", "chat.example.com")).isFalse();
        assertThat(p.describe()).containsExactly("http://localhost:8080", "https://app.example.com:443");
    }

    @Test
    void theWildcardAllowsEveryOrigin() {
        OriginPolicy p = OriginPolicy.allowing(List.of("*"));

        assertThat(p.allows("https://anything.example", "chat.example.com")).isTrue();
        assertThat(p.describe()).containsExactly("*");
    }

    @Test
    void socketIoCorsOriginsWidenThePolicy() {
        OriginPolicy p = sameOrigin.widenedBy(Set.of("https://app.example.com"));

        assertThat(p.allows("https://app.example.com", "chat.example.com")).isTrue();
        assertThat(sameOrigin.allows("https://app.example.com", "chat.example.com"))
                .isFalse();
    }

    @Test
    void aValueThatIsNotAnHttpOriginOrTheWildcardIsRefusedNamingTheFlag() {
        for (String bad : List.of("chat.example.com", "https://chat.example.com/", "ftp://x.example", "**", "")) {
            assertThatThrownBy(() -> OriginPolicy.allowing(List.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--allowed-origins must be * or an origin like")
                    .hasMessageEndingWith("got " + bad);
        }
    }
}
