package io.switchboard.loadtool.common;

/**
 * Loss and duplicate accounting for a fan-out run. Every open client, the sender included, should
 * receive every measured message once: {@code expected = sent × receivers}.
 *
 * <p>Immutable.
 *
 * @param sent measured messages actually written by a sender
 * @param receivers clients open when measurement started
 * @param delivered first copies that arrived (duplicates not included)
 * @param duplicates further copies of a message a client had already received
 */
public record DeliveryTally(long sent, int receivers, long delivered, long duplicates) {

    public long expected() {
        return sent * receivers;
    }

    public long lost() {
        return Math.max(0, expected() - delivered);
    }

    /** Lost deliveries as a fraction of expected ones (0 when nothing was expected). */
    double lossRatio() {
        return expected() == 0 ? 0 : (double) lost() / expected();
    }
}
