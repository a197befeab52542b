package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.Broker;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.model.HubEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ComponentsIT {

    /** A broker that remembers what the hub published through it and whether it was closed. */
    private static final class RecordingBroker implements Broker {
        private final InMemoryBroker delegate = new InMemoryBroker();
        final List<HubEvent> published = new CopyOnWriteArrayList<>();
        final CountDownLatch messagePosted = new CountDownLatch(1);
        volatile boolean closed;

        @Override
        public void subscribe(Consumer<HubEvent> subscriber) {
            delegate.subscribe(subscriber);
        }

        @Override
        public void publish(HubEvent event) {
            published.add(event);
            if (event instanceof HubEvent.MessagePosted) {
                messagePosted.countDown();
            }
            delegate.publish(event);
        }

        @Override
        public void close() {
            closed = true;
            delegate.close();
        }
    }

    @Test
    void aServerStartedWithItsOwnBrokerPublishesThroughItAndClosesItOnShutdown() throws Exception {
        RecordingBroker broker = new RecordingBroker();
        ServerConfig config = ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .database(ServerConfig.MEMORY)
                .build();
        SwitchboardServer server =
                SwitchboardServer.start(config, new Components(new InMemoryHistoryStore(100), broker));
        try {
            HttpResponse<String> res = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + server.port() + "/api/rooms/lobby/messages"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"from\":\"alice\",\"text\":\"via my broker\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isBetween(200, 299);
            // the HTTP reply may leave before the hub publishes
            assertThat(broker.messagePosted.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(broker.published)
                    .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(HubEvent.MessagePosted.class, m -> assertThat(
                                    m.message().text())
                            .isEqualTo("via my broker")));
        } finally {
            server.close();
        }
        assertThat(broker.closed).isTrue();
    }
}
