package io.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminTokenTest {
    private static final String SECRET = "correct-horse-battery";

    @Test
    void noTokenTurnsTheDashboardOff() {
        assertThat(AdminToken.of(null)).isSameAs(AdminToken.OFF);
        assertThat(AdminToken.OFF.enabled()).isFalse();
        assertThat(AdminToken.OFF.acceptsAuthorization("Bearer anything-at-all"))
                .isFalse();
    }

    @Test
    void aTokenTooShortToBeASecretIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> AdminToken.of("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--admin-token")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> AdminToken.of("has a space in it")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheExactBearerTokenIsAccepted() {
        AdminToken token = AdminToken.of(SECRET);
        assertThat(token.acceptsAuthorization("Bearer " + SECRET)).isTrue();
        assertThat(token.acceptsAuthorization("bearer " + SECRET)).isTrue();
        assertThat(token.acceptsAuthorization(null)).isFalse();
        assertThat(token.acceptsAuthorization(SECRET)).isFalse();
        assertThat(token.acceptsAuthorization("Basic " + SECRET)).isFalse();
        assertThat(token.acceptsAuthorization("Bearer " + SECRET + "x")).isFalse();
        assertThat(token.acceptsAuthorization("Bearer " + SECRET.substring(1))).isFalse();
    }

    @Test
    void theTokenIsNeverPrinted() {
        assertThat(AdminToken.of(SECRET).toString()).doesNotContain(SECRET).isEqualTo("****");
    }
}
