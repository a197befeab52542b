package io.switchboard.loadtool.transports;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransportsWireCounterTest {

    @Test
    void countsEncodedRequestAndRawResponseBytesHeadersIncluded() {
        TransportsWireCounter counter = new TransportsWireCounter();
        EmbeddedChannel ch = new EmbeddedChannel(counter, new HttpClientCodec(), new HttpObjectAggregator(1024));

        DefaultFullHttpRequest get = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/rooms/r/messages?after=0", Unpooled.EMPTY_BUFFER);
        get.headers().set(HttpHeaderNames.HOST, "127.0.0.1:3000");
        ch.writeOutbound(get);
        String request = drain(ch);
        assertThat(request)
                .isEqualTo(
                        "GET /api/rooms/r/messages?after=0 HTTP/1.1\r\n" // 44
                                + "host: 127.0.0.1:3000\r\n" // 22
                                + "\r\n"); // 2: 68 bytes for a poll with no other header
        String response = "HTTP/1.1 200 OK\r\n" + "content-length: 2\r\n" + "\r\n" + "[]";
        ch.writeInbound(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII));

        assertThat(counter.snapshot()).isEqualTo(new TransportsWireCounter.Bytes(response.length(), request.length()));
        assertThat(counter.snapshot().total()).isEqualTo(68 + 40);
        ReferenceCountUtil.release(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void windowIsTheDifferenceOfTwoSnapshots() {
        TransportsWireCounter.Bytes start = new TransportsWireCounter.Bytes(100, 10);
        TransportsWireCounter.Bytes end = new TransportsWireCounter.Bytes(350, 60);

        assertThat(end.minus(start)).isEqualTo(new TransportsWireCounter.Bytes(250, 50));
        assertThat(end.minus(start).total()).isEqualTo(300);
    }

    private static String drain(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ByteBuf buf = (ByteBuf) o;
            out.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return out.toString();
    }
}
