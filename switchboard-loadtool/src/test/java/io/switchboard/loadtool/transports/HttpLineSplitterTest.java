package io.switchboard.loadtool.transports;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpLineSplitterTest {

    private final HttpLineSplitter splitter = new HttpLineSplitter();
    private final List<String> lines = new ArrayList<>();

    @AfterEach
    void release() {
        splitter.release();
    }

    @Test
    void lineSplitAcrossChunksIsEmittedOnceWhole() {
        feed("{\"id\":1,\"te");
        assertThat(lines).isEmpty();
        assertThat(splitter.pendingBytes()).isEqualTo(11);

        feed("xt\":\"a\"}\n{\"id\":2");

        assertThat(lines).containsExactly("{\"id\":1,\"text\":\"a\"}");
        assertThat(splitter.pendingBytes()).isEqualTo(7);
    }

    @Test
    void crlfSplitBetweenChunksEndsOneLineNotTwo() {
        feed("data: a\r");
        feed("\ndata: b\r\n");

        assertThat(lines).containsExactly("data: a", "data: b");
    }

    @Test
    void blankLinesAreEmittedAsEmptyLines() {
        feed("id: 1\n\n\r\n");

        assertThat(lines).containsExactly("id: 1", "", "");
    }

    @Test
    void bareCrEndsALine() {
        feed("a\rb\r");

        assertThat(lines).containsExactly("a", "b");
    }

    private void feed(String chunk) {
        ByteBuf buf = Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8);
        splitter.feed(buf, line -> lines.add(line.toString(StandardCharsets.UTF_8)));
        buf.release();
    }
}
