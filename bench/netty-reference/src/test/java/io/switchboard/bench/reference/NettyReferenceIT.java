package io.switchboard.bench.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reference server over a real socket, with the JDK's WebSocket client. */
class NettyReferenceIT {

    @Test
    void everyConnectionReceivesWhatOneSends() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (NettyReference server = NettyReference.start("127.0.0.1", 0, "auto")) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
            Frames alice = new Frames();
            Frames bob = new Frames();
            WebSocket aliceSocket =
                    http.newWebSocketBuilder().buildAsync(uri, alice).join();
            WebSocket bobSocket =
                    http.newWebSocketBuilder().buildAsync(uri, bob).join();
            // the welcome says the server has the connection among its recipients
            assertThat(alice.next()).isEqualTo(BroadcastHandler.WELCOME);
            assertThat(bob.next()).isEqualTo(BroadcastHandler.WELCOME);

            aliceSocket.sendText("hello from alice", true).join();

            assertThat(alice.next()).isEqualTo("hello from alice");
            assertThat(bob.next()).isEqualTo("hello from alice");
            aliceSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            bobSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    /** Collects the text messages of one client. */
    private static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        /** The next message; a generous bound so that a broken server fails the test instead of hanging it. */
        String next() throws InterruptedException {
            String text = texts.poll(60, TimeUnit.SECONDS);
            assertThat(text).as("a message within 60 s").isNotNull();
            return text;
        }
    }
}
