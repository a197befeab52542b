package io.switchboard.metrics;

/** Why a delivery was not written: the {@code reason} label of {@code switchboard_deliveries_dropped_total}. */
public enum DropReason {
    /** The recipient's outbound queue was over its bound; the connection is being closed. */
    SLOW_CONSUMER("slow_consumer"),
    /** The recipient's connection was already closing. */
    CLOSING("closing");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
