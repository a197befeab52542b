package io.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ChatPage;
import io.switchboard.testing.ClassBrowser;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The dashboard in headless Chromium: it asks for the token, then shows the server's figures and
 * charts and keeps them moving while clients chat; a wrong token leaves it locked.
 */
class AdminDashboardIT {
    private static final String TOKEN = "dashboard-token-for-tests";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final ClassBrowser browser = ClassBrowser.freshTabs(1280, 900);

    private static TestServer server() {
        return new TestServer(b -> b.adminToken(AdminToken.of(TOKEN)));
    }

    private static ChatPage open(TestServer server, String token) {
        ChatPage page = new ChatPage(browser.get(), TIMEOUT);
        page.driver.get(server.http("/admin/"));
        page.await("the token field", d -> d.findElement(By.id("token")).isDisplayed());
        page.driver.findElement(By.id("token")).sendKeys(token, Keys.ENTER);
        return page;
    }

    private static double value(ChatPage page, String id) {
        String v = page.attr("#" + id, "data-value");
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    @Test
    void theDashboardRendersAfterTheTokenAndMovesWhileClientsChat() throws Exception {
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        List<WsClient> clients = new ArrayList<>();
        try (TestServer server = server()) {
            ChatPage page = open(server, TOKEN);
            page.await("the live dashboard", d -> page.status().equals("live"));
            page.await("the first sample", d -> !page.attr("#queue-depth", "data-value")
                    .isEmpty());
            assertThat(page.driver.findElement(By.id("login")).isDisplayed()).isFalse();
            assertThat(value(page, "messages-rate")).isZero();
            String quietChart = page.attr("#chart-messages path", "d");

            for (String nick : List.of("ann", "ben", "cy")) {
                clients.add(WsClient.member(server.ws("/ws"), nick, "lobby"));
            }
            clients.add(WsClient.member(server.ws("/ws"), "dee", "kitchen"));
            int[] n = {0};
            load.scheduleAtFixedRate(
                    () -> clients.get(n[0] % 3)
                            .send("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"load " + n[0]++ + "\"}"),
                    0,
                    50,
                    TimeUnit.MILLISECONDS);

            page.await("messages per second above zero", d -> value(page, "messages-rate") > 0);
            page.await("deliveries per second above zero", d -> value(page, "deliveries-rate") > 0);
            page.await("the messages chart to change", d -> !quietChart.equals(page.attr("#chart-messages path", "d")));
            page.await("the rooms table", d -> page.count("#rooms tbody tr") == 2);
            assertThat(page.attr("#rooms tbody tr:first-child", "data-room")).isEqualTo("lobby");
            assertThat(page.attr("#rooms tbody tr:first-child", "data-count")).isEqualTo("3");
            assertThat(page.attr("#connections tr[data-transport='websocket_native']", "data-count"))
                    .isEqualTo("4");
            assertThat(value(page, "rooms-count")).isEqualTo(2);
            assertThat(page.text("#slow-closes")).as("no slow consumer here").isEqualTo("0");
            assertThat(Integer.parseInt(page.attr("#chart-messages", "data-points")))
                    .isGreaterThanOrEqualTo(2);
            assertThat(page.scriptErrors()).as("the browser's console").isEmpty();
            // for a person reviewing the page: target/admin-dashboard.png
            page.screenshot(Path.of("target", "admin-dashboard.png"));
        } finally {
            load.shutdownNow();
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void aWrongTokenIsRefusedAndTheFiguresStayHidden() {
        try (TestServer server = server()) {
            ChatPage page = open(server, "not-the-right-token");
            page.await("the refusal", d -> page.status().equals("refused"));
            assertThat(page.driver.findElement(By.id("login-error")).isDisplayed())
                    .isTrue();
            assertThat(page.driver.findElement(By.id("dashboard")).isDisplayed())
                    .isFalse();
            assertThat(page.attr("#queue-depth", "data-value")).isEmpty();
            assertThat(page.driver.getCurrentUrl()).doesNotContain("not-the-right-token");
            assertThat(page.scriptErrors()).allMatch(e -> e.contains("401"));
        }
    }
}
