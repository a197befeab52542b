package io.switchboard.server.probe;

import io.switchboard.cluster.Broker;
import io.switchboard.cluster.BrokerHealth;
import java.util.concurrent.CompletableFuture;

/**
 * The broker is connected to the other nodes with its subscriptions confirmed: for a cluster's
 * {@code /readyz}. The broker keeps its own state (a probe through Redis every second), so the check
 * reads it and answers at once, even while Redis does not answer at all.
 *
 * <p>Thread-safe (the broker's {@link Broker#health} is).
 */
public final class BrokerCheck implements ReadinessCheck {
    private final Broker broker;

    public BrokerCheck(Broker broker) {
        this.broker = broker;
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        BrokerHealth health = broker.health().orElse(BrokerHealth.healthy());
        return CompletableFuture.completedFuture(
                health.ok()
                        ? CheckResult.passed(CheckResult.UNTIMED)
                        : CheckResult.failed(CheckResult.UNTIMED, health.problem()));
    }
}
