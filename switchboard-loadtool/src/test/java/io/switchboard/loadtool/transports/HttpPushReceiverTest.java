package io.switchboard.loadtool.transports;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.loadtool.common.RunPlan;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpPushReceiverTest {

    private final RunPlan plan = new RunPlan(4711, 10, 1, 2, 0, System.nanoTime());
    private final TransportsStats stats = new TransportsStats();

    @Test
    void ndjsonLinesSplitAcrossChunksAreEachOneDelivery() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new HttpClientCodec(),
                new HttpPushReceiver(false, "127.0.0.1:3000", "/api/rooms/r/stream?after=0", plan, stats));
        assertThat(request(ch)).startsWith("GET /api/rooms/r/stream?after=0 HTTP/1.1\r\n");

        inbound(ch, "HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\ntransfer-encoding: chunked\r\n\r\n");
        assertThat(stats.ready.get()).isEqualTo(1);
        inbound(ch, chunk("{\"id\":1,\"text\":\"lt:4711:0:5:\"}\n{\"id\":2,\"text\":\"lt:47"));
        inbound(ch, chunk("11:1:9:\"}\n\n{\"id\":3,\"text\":\"lt:4711:2:9:\"}\n"));

        assertThat(stats.tokenMessages.sum()).isEqualTo(3);
        assertThat(stats.delivered.sum())
                .as("the warmup message is not measured")
                .isEqualTo(2);
        assertThat(stats.errors.get()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void sseEventsAreDeliveredAndARepeatedIdIsADuplicate() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new HttpClientCodec(),
                new HttpPushReceiver(true, "127.0.0.1:3000", "/api/rooms/r/events?after=0", plan, stats));
        assertThat(request(ch)).contains("accept: text/event-stream\r\n");

        inbound(ch, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n");
        inbound(ch, chunk("retry: 2000\n\nid: 2\ndata: {\"text\":\"lt:4711:1:9:\"}\n\n: ping\n\n"));
        inbound(ch, chunk("id: 2\ndata: {\"text\":\"lt:4711:1:9:\"}\n\n"));

        assertThat(stats.delivered.sum()).isEqualTo(1);
        assertThat(stats.duplicates.sum()).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void errorStatusIsCountedAndClosesTheReceiver() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new HttpClientCodec(),
                new HttpPushReceiver(true, "127.0.0.1:3000", "/api/rooms/r/events", plan, stats));
        request(ch);

        inbound(ch, "HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\n\r\n");

        assertThat(stats.ready.get()).isZero();
        assertThat(stats.firstError()).contains("429");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static void inbound(EmbeddedChannel ch, String bytes) {
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
    }

    private static String request(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            out.append(((ByteBuf) o).toString(StandardCharsets.US_ASCII));
            ReferenceCountUtil.release(o);
        }
        return out.toString();
    }
}
