package io.switchboard.loadtool.transports;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSseParserTest {

    private final List<String> events = new ArrayList<>();
    private final HttpSseParser parser =
            new HttpSseParser((id, data) -> events.add(id + "|" + data.toString(StandardCharsets.UTF_8)));
    private final HttpLineSplitter splitter = new HttpLineSplitter();

    @AfterEach
    void release() {
        parser.release();
        splitter.release();
    }

    @Test
    void serverBytesSplitAnywhereGiveTheSameEvents() {
        String wire = String.join(
                "",
                "retry: 2000\n", // reconnection delay: no event
                "\n",
                "id: 1\n",
                "data: {\"id\":1,\"text\":\"hi\"}\n",
                "\n", // dispatch event 1
                ": keep-alive\n", // comment
                "id: 2\n",
                "data: {\"id\":2,\"text\":\"yo\"}\n",
                "\n"); // dispatch event 2
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            events.clear();
            feed(bytes, 0, cut);
            feed(bytes, cut, bytes.length - cut);
            assertThat(events)
                    .as("cut at %d", cut)
                    .containsExactly("1|{\"id\":1,\"text\":\"hi\"}", "2|{\"id\":2,\"text\":\"yo\"}");
        }
    }

    @Test
    void dataLinesOfOneEventAreJoinedWithLineFeeds() {
        lines("data: a", "data:b", "data", "");

        assertThat(events).containsExactly("null|a\nb\n");
    }

    @Test
    void eventIdPersistsUntilTheNextIdField() {
        lines("id: 7", "data: x", "", "data: y", "");

        assertThat(events).containsExactly("7|x", "7|y");
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void blockWithoutDataDispatchesNothing() {
        lines("id: 3", "event: ping", "");

        assertThat(events).isEmpty();
    }

    private void lines(String... lines) {
        for (String line : lines) {
            ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.UTF_8);
            parser.line(buf);
            buf.release();
        }
    }

    private void feed(byte[] bytes, int from, int length) {
        ByteBuf chunk = Unpooled.wrappedBuffer(bytes, from, length);
        splitter.feed(chunk, parser::line);
    }
}
