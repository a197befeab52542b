package io.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.security.ConnectionsPerAddress.Admission;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionsPerAddressTest {
    private final ConnectionsPerAddress limits = new ConnectionsPerAddress(2);
    private final InetAddress flooder = InetAddress.getLoopbackAddress();
    private final InetAddress other;

    ConnectionsPerAddressTest() throws Exception {
        other = InetAddress.getByName("127.0.0.2");
    }

    @Test
    void anAddressIsAdmittedUpToTheLimitThenRefusedThenDropped() {
        assertThat(limits.admit(flooder)).isEqualTo(Admission.ADMIT);
        assertThat(limits.admit(flooder)).isEqualTo(Admission.ADMIT);
        assertThat(limits.admit(flooder)).isEqualTo(Admission.REFUSE);
        assertThat(limits.admit(flooder)).isEqualTo(Admission.REFUSE);
        assertThat(limits.admit(flooder)).isEqualTo(Admission.DROP);
        assertThat(limits.open(flooder)).isEqualTo(2);
    }

    @Test
    void anotherAddressHasItsOwnCount() {
        limits.admit(flooder);
        limits.admit(flooder);

        assertThat(limits.admit(other)).isEqualTo(Admission.ADMIT);
    }

    @Test
    void aClosedConnectionFreesItsSlotAndTheLastOneForgetsTheAddress() {
        limits.admit(flooder);
        limits.admit(flooder);
        Admission refused = limits.admit(flooder);
        limits.release(flooder, Admission.ADMIT);

        assertThat(limits.admit(flooder)).isEqualTo(Admission.ADMIT);
        limits.release(flooder, Admission.ADMIT);
        limits.release(flooder, Admission.ADMIT);
        limits.release(flooder, refused);
        limits.release(flooder, Admission.DROP); // a dropped connection was never counted
        assertThat(limits.addresses()).isZero();
    }
}
