package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryTest {
    private static final HubEvent EVENT = new HubEvent.MessagePosted(new ChatMessage(1, "r", "a", "t", 0, null), null);

    /** Counts encodings and releases. */
    static final class CountingFormat implements WireFormat<String> {
        int encoded;
        final List<String> released = new ArrayList<>();

        @Override
        public String encode(HubEvent event) {
            encoded++;
            return "frame-" + encoded;
        }

        @Override
        public void release(String value) {
            released.add(value);
        }
    }

    @Test
    void eachFormatIsEncodedOnceAndSharedByAllRecipients() {
        CountingFormat format = new CountingFormat();
        Delivery d = new Delivery(EVENT, 2);
        assertThat(d.encoded(format)).isEqualTo("frame-1");
        assertThat(d.encoded(format)).isEqualTo("frame-1");
        assertThat(format.encoded).isEqualTo(1);
    }

    @Test
    void encodingsAreReleasedWhenTheLastGroupIsDone() {
        CountingFormat format = new CountingFormat();
        Delivery d = new Delivery(EVENT, 2);
        d.encoded(format);
        d.groupDone();
        assertThat(format.released).isEmpty();
        d.groupDone();
        assertThat(format.released).containsExactly("frame-1");
        assertThatThrownBy(() -> d.encoded(format)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void formatThatSkipsAnEventIsAskedOnlyOnce() {
        int[] calls = {0};
        WireFormat<String> skipping = new WireFormat<>() {
            @Override
            public String encode(HubEvent event) {
                calls[0]++;
                return null;
            }

            @Override
            public void release(String encoded) {
                throw new AssertionError("nothing to release");
            }
        };
        Delivery d = Delivery.single(EVENT);
        assertThat(d.encoded(skipping)).isNull();
        assertThat(d.encoded(skipping)).isNull();
        assertThat(calls[0]).isEqualTo(1);
        d.groupDone();
    }

    /** Issue #12: each of N recipients took the delivery's monitor to find the shared frame. */
    @Test
    void recipientsAfterTheFirstFindTheEncodingWithoutTheDeliverysLock() throws Exception {
        CountingFormat format = new CountingFormat();
        Delivery d = new Delivery(EVENT, 2);
        d.encoded(format);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (d) {
                locked.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        locked.await();
        try {
            // a deadlock guard, not a timing bound: with a lock per lookup this never completes
            assertThat(CompletableFuture.supplyAsync(() -> d.encoded(format)).get(60, TimeUnit.SECONDS))
                    .isEqualTo("frame-1");
        } finally {
            done.countDown();
            holder.join();
        }
    }
}
