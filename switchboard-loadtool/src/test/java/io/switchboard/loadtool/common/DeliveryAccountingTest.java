package io.switchboard.loadtool.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.loadtool.common.ReceiverLedger.Mark;
import org.junit.jupiter.api.Test;

class DeliveryAccountingTest {

    /** 10 warmup messages (seq 0-9), then 20 measured ones (seq 10-29). */
    private final RunPlan plan = new RunPlan(1, 10, 10, 20, 64, 0);

    @Test
    void warmupMessagesAreNotCounted() {
        ReceiverLedger ledger = new ReceiverLedger(plan);

        assertThat(ledger.mark(0)).isEqualTo(Mark.WARMUP);
        assertThat(ledger.mark(9)).isEqualTo(Mark.WARMUP);
        assertThat(ledger.mark(10)).isEqualTo(Mark.FIRST);
    }

    @Test
    void aSecondCopyAtTheSameClientIsADuplicate() {
        ReceiverLedger ledger = new ReceiverLedger(plan);

        assertThat(ledger.mark(15)).isEqualTo(Mark.FIRST);
        assertThat(ledger.mark(15)).isEqualTo(Mark.DUPLICATE);
        assertThat(ledger.mark(16)).isEqualTo(Mark.FIRST);
    }

    @Test
    void eachClientKeepsItsOwnLedger() {
        ReceiverLedger a = new ReceiverLedger(plan);
        ReceiverLedger b = new ReceiverLedger(plan);

        assertThat(a.mark(20)).isEqualTo(Mark.FIRST);
        assertThat(b.mark(20)).isEqualTo(Mark.FIRST);
    }

    @Test
    void sequenceNumbersBeyondThePlanAreIgnored() {
        assertThat(new ReceiverLedger(plan).mark(30)).isEqualTo(Mark.OUT_OF_PLAN);
    }

    @Test
    void everyReceiverIncludingTheSenderIsExpectedToGetEveryMessage() {
        DeliveryTally tally = new DeliveryTally(20, 5, 100, 0);

        assertThat(tally.expected()).isEqualTo(100);
        assertThat(tally.lost()).isZero();
        assertThat(tally.lossRatio()).isZero();
    }

    @Test
    void lostIsExpectedMinusFirstCopies() {
        DeliveryTally tally = new DeliveryTally(20, 5, 97, 0);

        assertThat(tally.lost()).isEqualTo(3);
        assertThat(tally.lossRatio()).isEqualTo(0.03);
    }

    @Test
    void duplicatesDoNotHideALoss() {
        // One client got message 12 twice, another never got message 13: totals of 100 frames would
        // look perfect, but only first copies count as delivered.
        ReceiverLedger a = new ReceiverLedger(plan);
        ReceiverLedger b = new ReceiverLedger(plan);
        long delivered = 0;
        long duplicates = 0;
        for (Mark mark : new Mark[] {a.mark(12), a.mark(12), a.mark(13), b.mark(12)}) {
            delivered += mark == Mark.FIRST ? 1 : 0;
            duplicates += mark == Mark.DUPLICATE ? 1 : 0;
        }
        DeliveryTally tally = new DeliveryTally(2, 2, delivered, duplicates);

        assertThat(tally.delivered()).isEqualTo(3);
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.lost()).isEqualTo(1);
    }

    @Test
    void dueTimesAreComputedFromTheSequenceSoRoundingNeverAccumulates() {
        RunPlan third = new RunPlan(1, 3, 0, 3_000_000, 64, 0);

        assertThat(third.dueAfterStartNanos(1)).isEqualTo(333_333_333L);
        assertThat(third.dueAfterStartNanos(3_000_000)).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void planCountsWarmupAndMeasuredMessagesFromRateAndSeconds() {
        RunPlan of = RunPlan.of(50, 10, 30, 64);

        assertThat(of.warmupMessages()).isEqualTo(500);
        assertThat(of.measuredMessages()).isEqualTo(1500);
        assertThat(of.isMeasured(499)).isFalse();
        assertThat(of.isMeasured(500)).isTrue();
        assertThat(of.isMeasured(1999)).isTrue();
        assertThat(of.isMeasured(2000)).isFalse();
    }
}
