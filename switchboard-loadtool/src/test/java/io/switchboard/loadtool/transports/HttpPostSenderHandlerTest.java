package io.switchboard.loadtool.transports;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpPostSenderHandlerTest {

    private final TransportsStats stats = new TransportsStats();
    private final EmbeddedChannel ch =
            new EmbeddedChannel(new HttpPostSenderHandler("127.0.0.1:3000", "room-1", stats));

    @Test
    void eachTextBecomesOnePostOfItsToken() {
        ch.writeOutbound(new TextWebSocketFrame("lt:7:0:100:xx"));

        FullHttpRequest post = ch.readOutbound();
        assertThat(post.uri()).isEqualTo("/api/rooms/room-1/messages");
        assertThat(post.headers().get("content-type")).isEqualTo("application/json");
        assertThat(post.content().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"from\":\"loadtool\",\"text\":\"lt:7:0:100:xx\"}");
        assertThat(post.headers().getInt("content-length"))
                .isEqualTo(post.content().readableBytes());
        post.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void secondPostWaitsForTheFirstAnswerBecauseHttp11HasOneRequestInFlight() {
        ch.writeOutbound(new TextWebSocketFrame("lt:7:0:100:"));
        ch.writeOutbound(new TextWebSocketFrame("lt:7:1:200:"));

        FullHttpRequest first = ch.readOutbound();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.writeInbound(
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED, Unpooled.EMPTY_BUFFER));
        FullHttpRequest second = ch.readOutbound();

        assertThat(second.content().toString(StandardCharsets.UTF_8)).contains("lt:7:1:200:");
        assertThat(stats.senderRequests.sum()).isEqualTo(2);
        assertThat(stats.senderFailures.sum()).isZero();
        first.release();
        second.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void answerOtherThanCreatedCountsAsAFailedPost() {
        ch.writeOutbound(new TextWebSocketFrame("lt:7:0:100:"));
        ((FullHttpRequest) ch.readOutbound()).release();

        ch.writeInbound(new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.TOO_MANY_REQUESTS,
                Unpooled.copiedBuffer("{\"error\":\"rate_limited\"}", StandardCharsets.UTF_8)));

        assertThat(stats.senderFailures.sum()).isEqualTo(1);
        assertThat(stats.firstError()).contains("429").contains("rate_limited");
        ch.finishAndReleaseAll();
    }
}
