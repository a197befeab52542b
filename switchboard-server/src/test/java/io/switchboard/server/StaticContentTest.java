package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaticContentTest {

    @Test
    void pathsThatCouldLeaveTheWebFolderAreRefused() {
        assertThat(StaticContent.isSafe("app.js")).isTrue();
        assertThat(StaticContent.isSafe("img/logo.svg")).isTrue();
        assertThat(StaticContent.isSafe("../pom.xml")).isFalse();
        assertThat(StaticContent.isSafe("a/../../b")).isFalse();
        assertThat(StaticContent.isSafe(".hidden")).isFalse();
        assertThat(StaticContent.isSafe("a//b")).isFalse();
        assertThat(StaticContent.isSafe("a\\b")).isFalse();
        assertThat(StaticContent.isSafe("%2e%2e/x")).isFalse();
    }

    @Test
    void unknownFilesAndUnknownTypesAreNotFound() {
        StaticContent content = new StaticContent();
        assertThat(content.find("/nope.html")).isEmpty();
        assertThat(content.find("/logback.xml"))
                .as("only files under web/ with known types")
                .isEmpty();
    }

    @Test
    void thePageModulesAndTheVendoredSocketIoClientAreServedAsJavaScript() {
        StaticContent content = new StaticContent();
        for (String path :
                List.of("/js/main.js", "/js/resume.js", "/js/transports/socketio.js", "/vendor/socket.io.esm.min.js")) {
            assertThat(content.find(path))
                    .as(path)
                    .get()
                    .extracting(StaticContent.Resource::contentType)
                    .isEqualTo("text/javascript; charset=utf-8");
        }
        assertThat(content.find("/vendor/README.md")).as("no known type").isEmpty();
    }
}
