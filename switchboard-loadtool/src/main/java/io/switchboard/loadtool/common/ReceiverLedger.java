package io.switchboard.loadtool.common;

import java.util.BitSet;

/**
 * Which measured messages one receiving client has seen, so a second copy is counted as a
 * duplicate rather than hiding a loss elsewhere (totals alone would let one client's duplicate
 * cancel another client's loss).
 *
 * <p>Event-loop confined: one per client channel.
 */
public final class ReceiverLedger {

    /** What a received sequence number turned out to be. */
    public enum Mark {
        WARMUP,
        FIRST,
        DUPLICATE,
        OUT_OF_PLAN
    }

    private final RunPlan plan;
    /** Bit {@code seq - warmupMessages} is set once that measured message has arrived here. */
    private final BitSet seen = new BitSet();

    public ReceiverLedger(RunPlan plan) {
        this.plan = plan;
    }

    public Mark mark(long seq) {
        if (seq < plan.warmupMessages()) {
            return Mark.WARMUP;
        }
        if (!plan.isMeasured(seq)) {
            return Mark.OUT_OF_PLAN;
        }
        int bit = (int) (seq - plan.warmupMessages());
        if (seen.get(bit)) {
            return Mark.DUPLICATE;
        }
        seen.set(bit);
        return Mark.FIRST;
    }
}
