package io.switchboard.cluster;

/**
 * Whether a broker is connected to the other nodes with every subscription confirmed, and if not,
 * why ({@code problem}, null when ok). Immutable.
 */
public record BrokerHealth(boolean ok, String problem) {
    public static BrokerHealth healthy() {
        return new BrokerHealth(true, null);
    }

    public static BrokerHealth failing(String problem) {
        return new BrokerHealth(false, problem);
    }
}
