package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

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
}
