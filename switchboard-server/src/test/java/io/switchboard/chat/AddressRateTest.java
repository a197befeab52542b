package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AddressRateTest {
    private static final long T0 = 1_000_000_000L;

    @Test
    void anAddressGetsBurstsOfTwiceItsRateThenItsRate() throws Exception {
        AddressRate rate = new AddressRate(2);
        InetAddress a = InetAddress.getByName("127.0.0.2");

        for (int i = 0; i < 4; i++) {
            assertThat(rate.tryAcquire(a, T0)).as("command %d of the burst", i).isTrue();
        }
        assertThat(rate.tryAcquire(a, T0)).isFalse();
        assertThat(rate.tryAcquire(a, T0 + TimeUnit.MILLISECONDS.toNanos(500))).isTrue();
        assertThat(rate.tryAcquire(a, T0 + TimeUnit.MILLISECONDS.toNanos(500))).isFalse();
    }

    @Test
    void anotherAddressIsNotChargedForTheFirst() throws Exception {
        AddressRate rate = new AddressRate(1);
        InetAddress a = InetAddress.getByName("127.0.0.2");
        InetAddress b = InetAddress.getByName("127.0.0.1");
        rate.tryAcquire(a, T0);
        rate.tryAcquire(a, T0);

        assertThat(rate.tryAcquire(a, T0)).isFalse();
        assertThat(rate.tryAcquire(b, T0)).isTrue();
    }

    @Test
    void noAddressAndTheUnlimitedRateAreNeverRefused() throws Exception {
        AddressRate rate = new AddressRate(0.001);
        InetAddress a = InetAddress.getByName("127.0.0.2");
        rate.tryAcquire(a, T0);

        assertThat(rate.tryAcquire(null, T0)).isTrue();
        assertThat(rate.tryAcquire(a, T0)).isFalse();
        for (int i = 0; i < 1000; i++) {
            assertThat(AddressRate.UNLIMITED.tryAcquire(a, T0)).isTrue();
        }
    }
}
