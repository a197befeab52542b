package io.switchboard.loadtool.transports;

import io.netty.buffer.ByteBuf;
import io.switchboard.loadtool.common.ReceiverLedger;
import io.switchboard.loadtool.common.RunPlan;
import io.switchboard.loadtool.common.TokenScanner;

/**
 * One receiver's bookkeeping of the messages it got, whatever the transport: finds this run's
 * {@link Token} in one message's bytes, marks it in the receiver's ledger and records latency
 * (receiver clock − intended send time) for first copies of measured messages.
 *
 * <p>Event-loop confined: one per receiving client.
 */
final class TransportsDelivery {

    private final RunPlan plan;
    private final TransportsStats stats;
    private final TokenScanner scanner;
    private final ReceiverLedger ledger;

    TransportsDelivery(RunPlan plan, TransportsStats stats) {
        this.plan = plan;
        this.stats = stats;
        this.scanner = new TokenScanner(plan.runId());
        this.ledger = new ReceiverLedger(plan);
    }

    /**
     * @param message the bytes of exactly one message (a frame, an SSE data field, a JSON line)
     * @return true if it carried a token of this run
     */
    boolean accept(ByteBuf message) {
        if (!scanner.scan(message)) {
            return false;
        }
        ReceiverLedger.Mark mark = ledger.mark(scanner.seq());
        if (mark == ReceiverLedger.Mark.FIRST) {
            stats.recordLatencyMicros((System.nanoTime() - plan.epochNanos() - scanner.offsetNanos()) / 1000);
            stats.delivered.increment();
        } else if (mark == ReceiverLedger.Mark.DUPLICATE) {
            stats.duplicates.increment();
        }
        stats.tokenMessages.increment();
        return true;
    }
}
